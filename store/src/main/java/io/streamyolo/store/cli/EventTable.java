package io.streamyolo.store.cli;

import io.streamyolo.store.StoredEvent;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Stored events as {@code bin/events} prints them: an aligned table, one event a line. */
final class EventTable {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT);

    private EventTable() {}

    /** The events as an aligned table with a header, and a count below. */
    static void print(List<StoredEvent> events, PrintStream out, ZoneId zone) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"TIME", "CAMERA", "TRACK", "EVENT", "ZONE/LINE", "DIR", "CLASS", "CONF", "DURATION"});
        for (StoredEvent e : events) {
            rows.add(new String[] {
                TIME.format(Instant.ofEpochMilli(e.ts()).atZone(zone)),
                e.streamId(),
                Long.toString(e.trackId()),
                e.kind(),
                e.subject().isEmpty() ? "-" : e.subject(),
                e.direction() == null ? "-" : e.direction(),
                e.label() != null ? e.label() : e.classId() != null ? "#" + e.classId() : "-",
                e.conf() == null ? "-" : String.format(Locale.ROOT, "%.2f", e.conf()),
                e.track() == null ? "-" : String.format(Locale.ROOT, "%.1fs", e.track().durationMs() / 1000.0),
            });
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]);
                if (i < row.length - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
        out.println(events.size() == 1 ? "1 event" : events.size() + " events");
    }
}
