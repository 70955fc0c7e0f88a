package io.streamyolo.store.cli;

import io.streamyolo.store.EventQuery;
import io.streamyolo.store.EventStore;
import io.streamyolo.store.JdbcUrls;
import io.streamyolo.store.StoreException;
import io.streamyolo.store.StoredEvent;
import io.streamyolo.store.StoredSnapshot;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code events} command: lists stored events, newest first, as a table or JSON lines, and
 * can save the selected tracks' snapshots.
 *
 * <pre>
 * events --store jdbc:sqlite:work/events.db --camera cam1 --zone gate --since -1h
 * events --store work/events.db --class person --json --snapshot out/
 * </pre>
 */
public final class EventsCommand {

    /** Exit codes: 0 done, 1 the store failed, 2 bad arguments. */
    static final int OK = 0;
    static final int STORE_ERROR = 1;
    static final int USAGE = 2;

    static final int DEFAULT_LIMIT = 50;

    /** Where {@code --store} comes from when not given. */
    static final String STORE_ENV = "STREAMYOLO_STORE";

    /** What {@code --kind} accepts: the kinds of the stored events. */
    static final List<String> KINDS = List.of(StoredEvent.OBJECT_ENTERED, StoredEvent.OBJECT_LEFT,
            StoredEvent.ZONE_ENTERED, StoredEvent.ZONE_LEFT, StoredEvent.LINE_CROSSED);

    static final String HELP = String.join("\n",
            "Usage: events --store URL [options]",
            "Lists stored track events, newest first.",
            "",
            "  --store URL      jdbc:sqlite:/path/events.db (or just the .db path), or",
            "                   jdbc:postgresql://host:port/db?user=U&password=P (default: $" + STORE_ENV + ")",
            "  --camera ID      events of one camera (stream id)",
            "  --class NAME     events of one class, e.g. person",
            "  --zone NAME      events of one zone (zone_entered, zone_left)",
            "  --line NAME      events of one line (line_crossed); not with --zone",
            "  --kind K         " + String.join(", ", KINDS.subList(0, KINDS.size() - 1)) + " or " + KINDS.get(KINDS.size() - 1),
            "  --since T        from T on: 2026-11-29T08:00:00Z, 2026-11-29T08:00:00+01:00, 2026-11-29T09:00",
            "                   (local time), 2026-11-29, epoch milliseconds, now, or relative to now:",
            "                   -500ms, -90s, -15m, -1h, -2d, -1w (+ for later)",
            "  --until T        before T (same forms)",
            "  --limit N        at most N events (default " + DEFAULT_LIMIT + ")",
            "  --json           JSON lines instead of a table",
            "  --snapshot DIR   also write the selected tracks' snapshots as DIR/<camera>-<track>.jpg",
            "  -h, --help       this help",
            "Options take their value as the next argument or after '=': --limit=10.",
            "");

    private static final Set<String> FLAGS = Set.of("--json", "-h", "--help");
    private static final Set<String> OPTIONS = Set.of("--store", "--camera", "--class", "--zone", "--line", "--kind",
            "--since", "--until", "--limit", "--snapshot");

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT);

    private EventsCommand() {}

    public static void main(String[] args) {
        // Tables and JSON are UTF-8 whatever the platform default (camera names, class labels).
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
        int code = run(args, out, System.err, System.getenv());
        out.flush();
        System.exit(code);
    }

    /** Runs the command; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        Map<String, String> opts;
        try {
            opts = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("events: " + e.getMessage());
            err.print(HELP);
            return USAGE;
        }
        if (opts.containsKey("--help") || opts.containsKey("-h")) {
            out.print(HELP);
            return OK;
        }
        String store = opts.getOrDefault("--store", env.get(STORE_ENV));
        if (store == null || store.isBlank()) {
            err.println("events: --store is required (or set " + STORE_ENV + ")");
            err.print(HELP);
            return USAGE;
        }
        EventQuery query;
        try {
            Instant now = Instant.now();
            EventQuery.Builder q = EventQuery.builder()
                    .stream(opts.get("--camera"))
                    .label(opts.get("--class"))
                    .zone(opts.get("--zone"))
                    .line(opts.get("--line"))
                    .kind(opts.get("--kind"))
                    .limit(opts.containsKey("--limit") ? parseLimit(opts.get("--limit")) : DEFAULT_LIMIT);
            if (opts.containsKey("--since")) {
                q.since(parseTime(opts.get("--since"), now, ZoneId.systemDefault()));
            }
            if (opts.containsKey("--until")) {
                q.until(parseTime(opts.get("--until"), now, ZoneId.systemDefault()));
            }
            if (opts.containsKey("--kind") && !KINDS.contains(opts.get("--kind"))) {
                throw new IllegalArgumentException("--kind expects one of " + String.join(", ", KINDS)
                        + ", got '" + opts.get("--kind") + "'");
            }
            query = q.build();
        } catch (IllegalArgumentException e) {
            err.println("events: " + e.getMessage());
            return USAGE;
        }
        String url = JdbcUrls.normalize(store);
        Optional<Path> file = JdbcUrls.sqliteFile(url);
        if (file.isPresent() && !Files.isRegularFile(file.get())) {
            // Opening would create an empty store: say that there is none instead.
            err.println("events: no event store at " + file.get().toAbsolutePath());
            return STORE_ERROR;
        }
        try (EventStore eventStore = EventStore.open(url)) {
            List<StoredEvent> events = eventStore.find(query);
            if (opts.containsKey("--json")) {
                events.forEach(e -> out.println(e.toJson()));
            } else {
                printTable(events, out, ZoneId.systemDefault());
            }
            if (opts.containsKey("--snapshot")) {
                writeSnapshots(eventStore, events, Path.of(opts.get("--snapshot")), err);
            }
            out.flush();
            return OK;
        } catch (StoreException e) {
            err.println("events: " + e.getMessage());
            return STORE_ERROR;
        } catch (IOException e) {
            err.println("events: " + e);
            return STORE_ERROR;
        }
    }

    /**
     * A time argument: an ISO instant or offset date-time, a local date-time or date (in
     * {@code zone}), epoch milliseconds, {@code now}, or an offset from now ({@code -15m}).
     */
    static Instant parseTime(String text, Instant now, ZoneId zone) {
        String t = text.strip();
        if (t.equalsIgnoreCase("now")) {
            return now;
        }
        java.util.regex.Matcher rel = java.util.regex.Pattern.compile("([+-]?)(\\d+)(ms|s|m|h|d|w)").matcher(t);
        if (rel.matches()) {
            long n = Long.parseLong(rel.group(2));
            ChronoUnit unit = switch (rel.group(3)) {
                case "ms" -> ChronoUnit.MILLIS;
                case "s" -> ChronoUnit.SECONDS;
                case "m" -> ChronoUnit.MINUTES;
                case "h" -> ChronoUnit.HOURS;
                case "d" -> ChronoUnit.DAYS;
                default -> ChronoUnit.WEEKS;
            };
            java.time.Duration d = unit == ChronoUnit.WEEKS ? java.time.Duration.ofDays(7 * n) : java.time.Duration.of(n, unit);
            return rel.group(1).equals("+") ? now.plus(d) : now.minus(d);
        }
        if (t.matches("\\d{10,}")) {
            return Instant.ofEpochMilli(Long.parseLong(t));
        }
        try {
            return java.time.OffsetDateTime.parse(t).toInstant();
        } catch (java.time.format.DateTimeParseException ignored) {
            // Not with an offset; try the forms without.
        }
        try {
            return java.time.LocalDateTime.parse(t).atZone(zone).toInstant();
        } catch (java.time.format.DateTimeParseException ignored) {
            // Not a local date-time; try a date.
        }
        try {
            return java.time.LocalDate.parse(t).atStartOfDay(zone).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("cannot read the time '" + text
                    + "': expected e.g. 2026-11-29T08:00:00Z, 2026-11-29T09:00, 2026-11-29, -1h or now");
        }
    }

    /** The events as an aligned table with a header, and a count below. */
    static void printTable(List<StoredEvent> events, PrintStream out, ZoneId zone) {
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

    /** A file name for a track's snapshot: {@code <camera>-<track>.jpg}, unsafe characters as '_'. */
    static String snapshotFileName(String streamId, long trackId) {
        return streamId.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + trackId + ".jpg";
    }

    // ------------------------------------------------------------------------------------------

    private static void writeSnapshots(EventStore store, List<StoredEvent> events, Path dir, PrintStream err)
            throws IOException {
        Files.createDirectories(dir);
        Set<List<Object>> tracks = new LinkedHashSet<>();
        for (StoredEvent e : events) {
            tracks.add(List.of(e.streamId(), e.trackId()));
        }
        int written = 0;
        int missing = 0;
        for (List<Object> track : tracks) {
            String streamId = (String) track.get(0);
            long trackId = (Long) track.get(1);
            Optional<StoredSnapshot> snapshot = store.snapshot(streamId, trackId);
            if (snapshot.isEmpty()) {
                missing++;
                continue;
            }
            Files.write(dir.resolve(snapshotFileName(streamId, trackId)), snapshot.get().jpeg());
            written++;
        }
        err.println("events: wrote " + written + " snapshot" + (written == 1 ? "" : "s") + " to " + dir
                + (missing > 0 ? " (" + missing + " track" + (missing == 1 ? "" : "s") + " without one)" : ""));
    }

    private static int parseLimit(String text) {
        try {
            int n = Integer.parseInt(text.strip());
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--limit expects a positive number, got '" + text + "'");
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            if (FLAGS.contains(arg)) {
                if (value != null) {
                    throw new IllegalArgumentException(arg + " takes no value");
                }
                opts.put(arg, "");
            } else if (OPTIONS.contains(arg)) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(arg + " needs a value");
                    }
                    value = args[++i];
                }
                opts.put(arg, value);
            } else {
                throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
        }
        return opts;
    }
}
