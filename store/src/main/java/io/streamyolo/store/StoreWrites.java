package io.streamyolo.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The statements of one {@link EventStore#write}: the same SQL on SQLite and PostgreSQL (both have
 * {@code INSERT ... ON CONFLICT} with {@code excluded}).
 */
final class StoreWrites {

    static final String INSERT_EVENT = "INSERT INTO events (stream_id, track_id, kind, subject, occurrence, direction, ts,"
            + " class_id, label, conf, x1, y1, x2, y2) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (stream_id, track_id, kind, subject, occurrence) DO NOTHING";
    static final String UPSERT_TRACK = "INSERT INTO tracks (stream_id, track_id, class_id, label, first_seen, last_seen,"
            + " duration_ms, best_conf, zones) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (stream_id, track_id) DO UPDATE SET class_id = excluded.class_id, label = excluded.label,"
            + " first_seen = excluded.first_seen, last_seen = excluded.last_seen, duration_ms = excluded.duration_ms,"
            + " best_conf = excluded.best_conf, zones = excluded.zones";
    static final String UPSERT_SNAPSHOT = "INSERT INTO snapshots (stream_id, track_id, ts, conf, x1, y1, x2, y2, jpeg,"
            + " thumbnail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (stream_id, track_id) DO UPDATE SET ts = excluded.ts, conf = excluded.conf,"
            + " x1 = excluded.x1, y1 = excluded.y1, x2 = excluded.x2, y2 = excluded.y2, jpeg = excluded.jpeg,"
            + " thumbnail = excluded.thumbnail";
    // Newest wins: a replayed or late line (older ts) leaves the row as it is.
    static final String UPSERT_PREVIEW = "INSERT INTO previews (stream_id, ts, frame_seq, width, height, jpeg, detections)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (stream_id) DO UPDATE SET ts = excluded.ts, frame_seq = excluded.frame_seq,"
            + " width = excluded.width, height = excluded.height, jpeg = excluded.jpeg, detections = excluded.detections"
            + " WHERE excluded.ts >= previews.ts";
    static final String UPSERT_CAMERA = "INSERT INTO cameras (stream_id, ts, state, reason, fps, dropped, objects, model,"
            + " settings, zones, lines, zone_counts, line_counts, skipped, predicted)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (stream_id) DO UPDATE SET ts = excluded.ts, state = excluded.state, reason = excluded.reason,"
            + " fps = excluded.fps, dropped = excluded.dropped, objects = excluded.objects, model = excluded.model,"
            + " skipped = excluded.skipped, predicted = excluded.predicted,"
            + " settings = excluded.settings, zones = excluded.zones, lines = excluded.lines,"
            + " zone_counts = excluded.zone_counts, line_counts = excluded.line_counts"
            + " WHERE excluded.ts >= cameras.ts";
    static final String ADD_COUNT = "INSERT INTO counts_per_minute (stream_id, kind, subject, label, minute, count)"
            + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (stream_id, kind, subject, label, minute)"
            + " DO UPDATE SET count = counts_per_minute.count + excluded.count";

    private StoreWrites() {}

    /**
     * Runs a batch's statements in the caller's transaction (the caller commits).
     *
     * @return how many events were new
     */
    static int write(Connection c, List<StoredEvent> events, List<StoredSnapshot> snapshots)
            throws SQLException, JsonProcessingException {
        int inserted = insertEvents(c, events);
        upsertTracks(c, events);
        upsertSnapshots(c, snapshots);
        return inserted;
    }

    /** Upserts previews, the newest of each camera only (the caller's transaction). */
    static void upsertPreviews(Connection c, List<Preview> previews) throws SQLException {
        Map<String, Preview> newest = new LinkedHashMap<>();
        for (Preview p : previews) {
            newest.merge(p.streamId(), p, (a, b) -> b.ts() >= a.ts() ? b : a);
        }
        if (newest.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(UPSERT_PREVIEW)) {
            for (Preview p : newest.values()) {
                ps.setString(1, p.streamId());
                ps.setLong(2, p.ts());
                ps.setLong(3, p.frameSeq());
                ps.setInt(4, p.width());
                ps.setInt(5, p.height());
                ps.setBytes(6, p.jpeg());
                ps.setString(7, p.detections());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Upserts camera states, the newest of each camera only (the caller's transaction). */
    static void upsertCameras(Connection c, List<CameraState> cameras) throws SQLException {
        Map<String, CameraState> newest = new LinkedHashMap<>();
        for (CameraState s : cameras) {
            newest.merge(s.streamId(), s, (a, b) -> b.ts() >= a.ts() ? b : a);
        }
        if (newest.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(UPSERT_CAMERA)) {
            for (CameraState s : newest.values()) {
                ps.setString(1, s.streamId());
                ps.setLong(2, s.ts());
                ps.setString(3, s.state());
                ps.setString(4, s.reason());
                JdbcRows.setDouble(ps, 5, s.fps());
                JdbcRows.setLong(ps, 6, s.dropped());
                JdbcRows.setInt(ps, 7, s.objects());
                ps.setString(8, s.model());
                ps.setString(9, s.settings());
                ps.setString(10, s.zones());
                ps.setString(11, s.lines());
                ps.setString(12, s.zoneCounts());
                ps.setString(13, s.lineCounts());
                JdbcRows.setLong(ps, 14, s.skipped());
                JdbcRows.setLong(ps, 15, s.predicted());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Inserts the events and adds the new ones to their minute counts; returns how many were new. */
    private static int insertEvents(Connection c, List<StoredEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return 0;
        }
        int[] updated;
        try (PreparedStatement ps = c.prepareStatement(INSERT_EVENT)) {
            for (StoredEvent e : events) {
                ps.setString(1, e.streamId());
                ps.setLong(2, e.trackId());
                ps.setString(3, e.kind());
                ps.setString(4, e.subject());
                ps.setInt(5, e.occurrence());
                ps.setString(6, e.direction());
                ps.setLong(7, e.ts());
                JdbcRows.setInt(ps, 8, e.classId());
                ps.setString(9, e.label());
                JdbcRows.setDouble(ps, 10, e.conf());
                JdbcRows.setBox(ps, 11, e.box());
                ps.addBatch();
            }
            updated = ps.executeBatch();
        }
        // The insert's own row count tells new from replayed: ON CONFLICT DO NOTHING reports 0.
        // So counts grow in the same transaction as the events, and only for new events.
        Map<List<Object>, Long> increments = new LinkedHashMap<>();
        int inserted = 0;
        for (int i = 0; i < updated.length; i++) {
            if (updated[i] == Statement.SUCCESS_NO_INFO || updated[i] < 0) {
                throw new SQLException("The driver did not report per-row insert counts (" + updated[i] + ")");
            }
            if (updated[i] == 0) {
                continue;
            }
            inserted++;
            StoredEvent e = events.get(i);
            e.countKind().ifPresent(kind -> increments.merge(
                    List.of(e.streamId(), kind, e.subject(), e.label() == null ? "" : e.label(), e.minute()), 1L, Long::sum));
        }
        if (!increments.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(ADD_COUNT)) {
                for (Map.Entry<List<Object>, Long> entry : increments.entrySet()) {
                    List<Object> key = entry.getKey();
                    ps.setString(1, (String) key.get(0));
                    ps.setString(2, (String) key.get(1));
                    ps.setString(3, (String) key.get(2));
                    ps.setString(4, (String) key.get(3));
                    ps.setLong(5, (Long) key.get(4));
                    ps.setLong(6, entry.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        return inserted;
    }

    private static void upsertTracks(Connection c, List<StoredEvent> events) throws SQLException, JsonProcessingException {
        // One upsert per track: the last summary in the batch wins, as it would row by row.
        Map<List<Object>, StoredEvent> last = new LinkedHashMap<>();
        for (StoredEvent e : events) {
            if (e.track() != null) {
                last.put(List.of(e.streamId(), e.trackId()), e);
            }
        }
        if (last.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(UPSERT_TRACK)) {
            for (StoredEvent e : last.values()) {
                TrackSummary t = e.track();
                ps.setString(1, e.streamId());
                ps.setLong(2, e.trackId());
                JdbcRows.setInt(ps, 3, e.classId());
                ps.setString(4, e.label());
                ps.setLong(5, t.firstSeen());
                ps.setLong(6, t.lastSeen());
                ps.setLong(7, t.durationMs());
                JdbcRows.setDouble(ps, 8, t.bestConf());
                ps.setString(9, StoreJson.MAPPER.writeValueAsString(t.zones()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void upsertSnapshots(Connection c, List<StoredSnapshot> snapshots) throws SQLException {
        if (snapshots.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(UPSERT_SNAPSHOT)) {
            for (StoredSnapshot s : snapshots) {
                ps.setString(1, s.streamId());
                ps.setLong(2, s.trackId());
                ps.setLong(3, s.ts());
                JdbcRows.setDouble(ps, 4, s.conf());
                JdbcRows.setBox(ps, 5, s.box());
                ps.setBytes(9, s.jpeg());
                ps.setBytes(10, s.thumbnail());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
