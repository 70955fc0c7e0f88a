package io.streamyolo.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The recorded clips and segments in an {@link EventStore}: the rows the sink inserts from {@code
 * "event":"clip"} lines, the queries the dashboard and the CLI ask, and the deletions retention
 * makes. It shares its store's connection and lock ({@link EventStore#clips()}, {@link
 * Transactions}), so that a clip line is written in the same transaction as the events of its
 * batch.
 */
public final class ClipStore {

    /** The file is the key: a replayed line for a file already known inserts nothing. */
    static final String INSERT_CLIP = "INSERT INTO clips (stream_id, kind, start_ms, end_ms, file, size_bytes, codec, track_ids)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (file) DO NOTHING";
    private static final String SELECT = "SELECT id, stream_id, kind, start_ms, end_ms, file, size_bytes, codec, track_ids FROM clips";
    /** Track ids are stored as {@code [1,2,3]}: a track is in it when ",id," is in ",1,2,3,". */
    private static final String HAS_TRACK = "(',' || substr(track_ids, 2, length(track_ids) - 2) || ',') LIKE ?";

    private final Transactions transactions;

    ClipStore(Transactions transactions) {
        this.transactions = transactions;
    }

    /**
     * The clips of a camera that overlap {@code [sinceMs, untilMs)}, newest first.
     *
     * @param kind {@link StoredClip#KIND_EVENT}, {@link StoredClip#KIND_SEGMENT} or null for both
     */
    public List<StoredClip> ofCamera(String streamId, String kind, long sinceMs, long untilMs, int limit, int offset)
            throws StoreException {
        List<Object> params = new ArrayList<>(List.of(streamId, sinceMs, untilMs));
        String sql = SELECT + " WHERE stream_id = ? AND end_ms >= ? AND start_ms < ?";
        if (kind != null) {
            sql += " AND kind = ?";
            params.add(kind);
        }
        sql += " ORDER BY start_ms DESC, id DESC LIMIT ? OFFSET ?";
        params.add((long) limit);
        params.add((long) offset);
        return select(sql, params, "the clips of " + streamId);
    }

    /**
     * The clips that show an event: of its camera, and naming its track or covering its time (for
     * an {@code object_left} event, the track's whole time). Event clips come first, then by start.
     */
    public List<StoredClip> covering(StoredEvent event) throws StoreException {
        long from = event.track() != null ? event.track().firstSeen() : event.ts();
        long to = event.track() != null ? Math.max(event.track().lastSeen(), event.ts()) : event.ts();
        String sql = SELECT + " WHERE stream_id = ? AND ((end_ms >= ? AND start_ms <= ?) OR " + HAS_TRACK + ")"
                + " ORDER BY CASE WHEN kind = 'event' THEN 0 ELSE 1 END, start_ms, id LIMIT 100";
        return select(sql, List.of(event.streamId(), from, to, "%," + event.trackId() + ",%"), "the clips of an event");
    }

    /** A clip by its row id. */
    public Optional<StoredClip> byId(long id) throws StoreException {
        return select(SELECT + " WHERE id = ?", List.of(id), "clip " + id).stream().findFirst();
    }

    /** Clips that ended before {@code cutoffMs}, oldest first: what retention by age deletes. */
    public List<StoredClip> endedBefore(long cutoffMs, int limit) throws StoreException {
        return select(SELECT + " WHERE end_ms < ? ORDER BY end_ms, id LIMIT ?", List.of(cutoffMs, (long) limit), "old clips");
    }

    /** Every clip of a camera, oldest first: what the size limit walks. */
    public List<StoredClip> oldestFirst(String streamId) throws StoreException {
        return select(SELECT + " WHERE stream_id = ? ORDER BY start_ms, id", List.of(streamId), "the clips of " + streamId);
    }

    /** Bytes of recorded files per camera, by stream id. */
    public Map<String, Long> bytesPerCamera() throws StoreException {
        return transactions.run(() -> "Cannot sum clip sizes in " + transactions.description(), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT stream_id, sum(size_bytes) FROM clips GROUP BY stream_id");
                    ResultSet rs = ps.executeQuery()) {
                Map<String, Long> bytes = new TreeMap<>();
                while (rs.next()) {
                    bytes.put(rs.getString(1), rs.getLong(2));
                }
                return bytes;
            }
        });
    }

    /** Deletes a clip's row (not its file). @return whether a row was deleted */
    public boolean delete(long id) throws StoreException {
        return transactions.run(() -> "Cannot delete clip " + id + " from " + transactions.description(), c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM clips WHERE id = ?")) {
                ps.setLong(1, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    // ------------------------------------------------------------------------------------------

    /** Inserts clips in the caller's transaction (the caller commits). @return how many were new */
    static int insert(Connection c, List<StoredClip> clips) throws SQLException {
        if (clips.isEmpty()) {
            return 0;
        }
        int inserted = 0;
        try (PreparedStatement ps = c.prepareStatement(INSERT_CLIP)) {
            for (StoredClip clip : clips) {
                ps.setString(1, clip.streamId());
                ps.setString(2, clip.kind());
                ps.setLong(3, clip.startMs());
                ps.setLong(4, clip.endMs());
                ps.setString(5, clip.file());
                ps.setLong(6, clip.sizeBytes());
                ps.setString(7, clip.codec());
                ps.setString(8, clip.trackIds().stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]")));
                inserted += ps.executeUpdate();
            }
        }
        return inserted;
    }

    private List<StoredClip> select(String sql, List<Object> params, String what) throws StoreException {
        return transactions.run(() -> "Cannot read " + what + " from " + transactions.description(), c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                JdbcRows.bind(ps, params);
                List<StoredClip> clips = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        clips.add(read(rs));
                    }
                }
                return clips;
            }
        });
    }

    private static StoredClip read(ResultSet rs) throws SQLException {
        String ids = rs.getString(9);
        List<Long> tracks = new ArrayList<>();
        if (ids != null && ids.length() > 2) {
            for (String t : ids.substring(1, ids.length() - 1).split(",")) {
                tracks.add(Long.parseLong(t.strip()));
            }
        }
        return new StoredClip(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getString(6),
                rs.getLong(7), rs.getString(8), tracks);
    }
}
