package io.streamyolo.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A selection of stored events, newest first: by camera, class label, zone or line, event kind
 * and time range. Unset filters match everything.
 *
 * <pre>{@code
 * EventQuery q = EventQuery.builder().stream("cam1").zone("gate").since(Instant.now().minusSeconds(3600)).limit(20).build();
 * List<StoredEvent> events = store.find(q);
 * }</pre>
 */
public final class EventQuery {

    public static final int DEFAULT_LIMIT = 100;

    private final String streamId;
    private final String label;
    private final String zone;
    private final String line;
    private final String kind;
    private final Instant since;
    private final Instant until;
    private final int limit;
    private final int offset;

    private EventQuery(Builder b) {
        this.streamId = b.streamId;
        this.label = b.label;
        this.zone = b.zone;
        this.line = b.line;
        this.kind = b.kind;
        this.since = b.since;
        this.until = b.until;
        this.limit = b.limit;
        this.offset = b.offset;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int limit() {
        return limit;
    }

    /** The SELECT with its parameters, in {@link EventStore}'s column order. */
    String sql(List<Object> params) {
        String where = where(params);
        params.add(limit);
        params.add(offset);
        return SELECT + where + " ORDER BY e.ts DESC, e.id DESC LIMIT ? OFFSET ?";
    }

    /** How many events match, limit and offset aside. */
    String countSql(List<Object> params) {
        return "SELECT count(*) FROM events e" + where(params);
    }

    /** The WHERE clause of the filters ("" without any), adding their parameters. */
    private String where(List<Object> params) {
        StringBuilder where = new StringBuilder();
        if (streamId != null) {
            where.append(" AND e.stream_id = ?");
            params.add(streamId);
        }
        if (label != null) {
            where.append(" AND e.label = ?");
            params.add(label);
        }
        if (zone != null) {
            where.append(" AND e.subject = ? AND e.kind LIKE 'zone\\_%' ESCAPE '\\'");
            params.add(zone);
        }
        if (line != null) {
            where.append(" AND e.subject = ? AND e.kind LIKE 'line\\_%' ESCAPE '\\'");
            params.add(line);
        }
        if (kind != null) {
            where.append(" AND e.kind = ?");
            params.add(kind);
        }
        if (since != null) {
            where.append(" AND e.ts >= ?");
            params.add(since.toEpochMilli());
        }
        if (until != null) {
            where.append(" AND e.ts < ?");
            params.add(until.toEpochMilli());
        }
        return where.length() == 0 ? "" : " WHERE" + where.substring(4);
    }

    /**
     * The columns {@link JdbcRows#readEvent} reads (1-19), then the row id (20), from events joined
     * with their track's summary.
     */
    static final String SELECT = "SELECT e.stream_id, e.track_id, e.kind, e.subject, e.occurrence, e.direction, e.ts,"
            + " e.class_id, e.label, e.conf, e.x1, e.y1, e.x2, e.y2,"
            + " t.first_seen, t.last_seen, t.duration_ms, t.best_conf, t.zones, e.id"
            + " FROM events e LEFT JOIN tracks t"
            + " ON e.kind = '" + StoredEvent.OBJECT_LEFT + "' AND t.stream_id = e.stream_id AND t.track_id = e.track_id";

    /** The column of the row id in {@link #SELECT}. */
    static final int ID_COLUMN = 20;

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        add(parts, "stream", streamId);
        add(parts, "label", label);
        add(parts, "zone", zone);
        add(parts, "line", line);
        add(parts, "kind", kind);
        add(parts, "since", since);
        add(parts, "until", until);
        parts.add("limit=" + limit);
        if (offset > 0) {
            parts.add("offset=" + offset);
        }
        return "EventQuery" + parts;
    }

    private static void add(List<String> parts, String name, Object value) {
        if (value != null) {
            parts.add(name + "=" + value);
        }
    }

    /** Builds an {@link EventQuery}; every filter is optional. */
    public static final class Builder {
        private String streamId;
        private String label;
        private String zone;
        private String line;
        private String kind;
        private Instant since;
        private Instant until;
        private int limit = DEFAULT_LIMIT;
        private int offset;

        private Builder() {}

        /** Events of one camera (stream id). */
        public Builder stream(String streamId) {
            this.streamId = streamId;
            return this;
        }

        /** Events of one class, by name (e.g. {@code person}). */
        public Builder label(String label) {
            this.label = label;
            return this;
        }

        /** Events of one zone: {@code zone_entered}, {@code zone_left}. */
        public Builder zone(String zone) {
            this.zone = zone;
            return this;
        }

        /** Events of one line: {@code line_crossed}. */
        public Builder line(String line) {
            this.line = line;
            return this;
        }

        /** Events of one kind, e.g. {@code object_left}. */
        public Builder kind(String kind) {
            this.kind = kind;
            return this;
        }

        /** Events at or after this time. */
        public Builder since(Instant since) {
            this.since = since;
            return this;
        }

        /** Events before this time. */
        public Builder until(Instant until) {
            this.until = until;
            return this;
        }

        /** At most this many events (the newest). */
        public Builder limit(int limit) {
            this.limit = limit;
            return this;
        }

        /** Skips this many of the newest events first (a page further back). */
        public Builder offset(int offset) {
            this.offset = offset;
            return this;
        }

        public EventQuery build() {
            if (limit <= 0) {
                throw new IllegalArgumentException("limit must be positive, got " + limit);
            }
            if (offset < 0) {
                throw new IllegalArgumentException("offset must be 0 or more, got " + offset);
            }
            if (zone != null && line != null) {
                throw new IllegalArgumentException("zone and line both set: an event is about one or the other");
            }
            if (since != null && until != null && !since.isBefore(until)) {
                throw new IllegalArgumentException("since (" + since + ") must be before until (" + until + ")");
            }
            return new EventQuery(this);
        }
    }
}
