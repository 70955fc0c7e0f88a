package io.streamyolo.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The reads of each camera's one row in an {@link EventStore}: its newest picture ({@code
 * previews}) and its newest state ({@code cameras}), as the dashboard shows them.
 */
final class CameraReads {

    private final Transactions transactions;

    CameraReads(Transactions transactions) {
        this.transactions = transactions;
    }

    Optional<Preview> preview(String streamId) throws StoreException {
        return transactions.run(() -> "Cannot read the preview of " + streamId + " from " + transactions.description(), c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT ts, frame_seq, width, height, jpeg, detections FROM previews WHERE stream_id = ?")) {
                ps.setString(1, streamId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Preview(streamId, rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getInt(4),
                            rs.getBytes(5), rs.getString(6)));
                }
            }
        });
    }

    Map<String, Long> previewTimes() throws StoreException {
        return transactions.run(() -> "Cannot read preview times from " + transactions.description(), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT stream_id, ts FROM previews"); ResultSet rs = ps.executeQuery()) {
                Map<String, Long> times = new TreeMap<>();
                while (rs.next()) {
                    times.put(rs.getString(1), rs.getLong(2));
                }
                return times;
            }
        });
    }

    List<CameraState> cameras() throws StoreException {
        return transactions.run(() -> "Cannot read camera states from " + transactions.description(), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT stream_id, ts, state, reason, fps, dropped, objects, model,"
                    + " settings, zones, lines, zone_counts, line_counts, skipped, predicted FROM cameras ORDER BY stream_id");
                    ResultSet rs = ps.executeQuery()) {
                List<CameraState> cameras = new ArrayList<>();
                while (rs.next()) {
                    cameras.add(new CameraState(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            JdbcRows.getDouble(rs, 5), JdbcRows.getLong(rs, 6), JdbcRows.getLong(rs, 14), JdbcRows.getLong(rs, 15),
                            JdbcRows.getInt(rs, 7), rs.getString(8), rs.getString(9),
                            rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13)));
                }
                return cameras;
            }
        });
    }
}
