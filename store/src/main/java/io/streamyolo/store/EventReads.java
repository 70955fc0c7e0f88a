package io.streamyolo.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The reads of an {@link EventStore}'s events and of what the sink keeps beside them (the tracks'
 * snapshots, the counts per minute): the queries behind {@link EventStore#find}, {@link
 * EventStore#eventsAfter}, {@link EventStore#snapshot} and the like, each in its own transaction.
 */
final class EventReads {

    /** Reads one row of {@link EventQuery#SELECT}. */
    @FunctionalInterface
    private interface EventMapper<T> {
        T read(ResultSet rs) throws SQLException, JsonProcessingException;
    }

    private static final EventMapper<StoredEvent> EVENT = JdbcRows::readEvent;
    private static final EventMapper<EventRow> ROW = rs -> new EventRow(rs.getLong(EventQuery.ID_COLUMN), JdbcRows.readEvent(rs));

    private final Transactions transactions;

    EventReads(Transactions transactions) {
        this.transactions = transactions;
    }

    List<StoredEvent> find(EventQuery query) throws StoreException {
        List<Object> params = new ArrayList<>();
        String sql = query.sql(params);
        return select(sql, params, EVENT, () -> "Cannot query " + transactions.description() + " (" + query + ")");
    }

    List<EventRow> findRows(EventQuery query) throws StoreException {
        List<Object> params = new ArrayList<>();
        String sql = query.sql(params);
        return select(sql, params, ROW, () -> "Cannot query " + transactions.description() + " (" + query + ")");
    }

    List<EventRow> eventsAfter(long afterId, int limit) throws StoreException {
        return select(EventQuery.SELECT + " WHERE e.id > ? ORDER BY e.id LIMIT ?", List.of(afterId, limit), ROW,
                () -> "Cannot read new events from " + transactions.description());
    }

    Optional<EventRow> event(long id) throws StoreException {
        return select(EventQuery.SELECT + " WHERE e.id = ?", List.of(id), ROW,
                () -> "Cannot read event " + id + " from " + transactions.description()).stream().findFirst();
    }

    long count(EventQuery query) throws StoreException {
        List<Object> params = new ArrayList<>();
        String sql = query.countSql(params);
        return transactions.run(() -> "Cannot count in " + transactions.description() + " (" + query + ")", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                JdbcRows.bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    long lastEventId() throws StoreException {
        return transactions.run(() -> "Cannot read the last event id from " + transactions.description(), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT max(id) FROM events"); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    Optional<StoredSnapshot> snapshot(String streamId, long trackId) throws StoreException {
        return transactions.run(() -> "Cannot read the snapshot of " + streamId + "/" + trackId + " from " + transactions.description(), c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT ts, conf, x1, y1, x2, y2, jpeg, thumbnail FROM snapshots WHERE stream_id = ? AND track_id = ?")) {
                ps.setString(1, streamId);
                ps.setLong(2, trackId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new StoredSnapshot(streamId, trackId, rs.getLong(1), JdbcRows.getDouble(rs, 2),
                            JdbcRows.readBox(rs, 3), rs.getBytes(7), rs.getBytes(8)));
                }
            }
        });
    }

    /** @param streamId one camera, or null for all */
    List<MinuteCount> counts(String streamId, Instant since, Instant until) throws StoreException {
        String sql = "SELECT stream_id, kind, subject, label, minute, count FROM counts_per_minute WHERE minute >= ? AND minute < ?"
                + (streamId == null ? "" : " AND stream_id = ?")
                + " ORDER BY minute, stream_id, kind, subject, label";
        return transactions.run(() -> "Cannot read counts from " + transactions.description(), c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, since.toEpochMilli());
                ps.setLong(2, until.toEpochMilli());
                if (streamId != null) {
                    ps.setString(3, streamId);
                }
                List<MinuteCount> counts = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        counts.add(new MinuteCount(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getLong(5), rs.getLong(6)));
                    }
                }
                return counts;
            }
        });
    }

    // ------------------------------------------------------------------------------------------

    /** The one query of events: {@code sql} selects {@link EventQuery#SELECT}'s columns. */
    private <T> List<T> select(String sql, List<Object> params, EventMapper<T> mapper, Supplier<String> failure) throws StoreException {
        return transactions.run(failure, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                JdbcRows.bind(ps, params);
                List<T> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(mapper.read(rs));
                    }
                }
                return rows;
            }
        });
    }
}
