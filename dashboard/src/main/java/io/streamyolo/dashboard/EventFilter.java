package io.streamyolo.dashboard;

import io.streamyolo.store.EventQuery;
import io.streamyolo.store.EventRow;
import io.streamyolo.store.StoredEvent;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The events page's filters (camera, class, zone, line, kind, time), from query parameters: as a
 * store query for the timeline, and as a test of each new row for the live feed.
 *
 * @param since epoch ms, or null
 * @param until epoch ms, or null
 */
public record EventFilter(String camera, String label, String zone, String line, String kind, Long since, Long until, int limit,
        int offset) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    /** Further back than a page of the events page will ever be. */
    public static final int MAX_OFFSET = 10_000_000;

    static final Set<String> KINDS = Set.of(StoredEvent.OBJECT_ENTERED, StoredEvent.OBJECT_LEFT, StoredEvent.ZONE_ENTERED,
            StoredEvent.ZONE_LEFT, StoredEvent.LINE_CROSSED);

    /**
     * Reads the filters; blank parameters mean "any".
     *
     * @param param a request's query parameter by name (null when absent)
     * @throws IllegalArgumentException naming a bad value
     */
    public static EventFilter from(Function<String, String> param) {
        String kind = blankToNull(param.apply("kind"));
        if (kind != null && !KINDS.contains(kind)) {
            throw new IllegalArgumentException("kind must be one of " + String.join(", ", KINDS.stream().sorted().toList()));
        }
        String zone = blankToNull(param.apply("zone"));
        String line = blankToNull(param.apply("line"));
        if (zone != null && line != null) {
            throw new IllegalArgumentException("zone and line both set: an event is about one or the other");
        }
        int limit = DEFAULT_LIMIT;
        String l = blankToNull(param.apply("limit"));
        if (l != null) {
            try {
                limit = Integer.parseInt(l);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT);
            }
        }
        int offset = 0;
        String o = blankToNull(param.apply("offset"));
        if (o != null) {
            try {
                offset = Integer.parseInt(o);
            } catch (NumberFormatException e) {
                offset = -1;
            }
            if (offset < 0 || offset > MAX_OFFSET) {
                throw new IllegalArgumentException("offset must be from 0 to " + MAX_OFFSET);
            }
        }
        Long since = time(param.apply("since"), "since");
        Long until = time(param.apply("until"), "until");
        if (since != null && until != null && since >= until) {
            throw new IllegalArgumentException("since must be before until");
        }
        return new EventFilter(blankToNull(param.apply("camera")), blankToNull(param.apply("class")), zone, line, kind,
                since, until, limit, offset);
    }

    public static EventFilter from(Map<String, String> params) {
        return from(params::get);
    }

    public EventQuery query() {
        EventQuery.Builder q = EventQuery.builder().stream(camera).label(label).zone(zone).line(line).kind(kind).limit(limit).offset(offset);
        if (since != null) {
            q.since(Instant.ofEpochMilli(since));
        }
        if (until != null) {
            q.until(Instant.ofEpochMilli(until));
        }
        return q.build();
    }

    /** Whether a new row passes, as {@link #query()} would select it. */
    public boolean matches(EventRow row) {
        StoredEvent e = row.event();
        return (camera == null || camera.equals(e.streamId()))
                && (label == null || label.equals(e.label()))
                && (zone == null || (e.isZoneEvent() && zone.equals(e.subject())))
                && (line == null || (e.isLineEvent() && line.equals(e.subject())))
                && (kind == null || kind.equals(e.kind()))
                && (since == null || e.ts() >= since)
                && (until == null || e.ts() < until);
    }

    // ------------------------------------------------------------------------------------------

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Epoch milliseconds, or an ISO instant ({@code 2026-11-29T08:00:00Z}). */
    private static Long time(String value, String name) {
        String v = blankToNull(value);
        if (v == null) {
            return null;
        }
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be epoch milliseconds or an ISO time");
            }
        }
        try {
            return Instant.parse(v).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be epoch milliseconds or an ISO time like 2026-11-29T08:00:00Z");
        }
    }
}
