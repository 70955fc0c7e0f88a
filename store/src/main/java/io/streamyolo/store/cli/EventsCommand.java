package io.streamyolo.store.cli;

import io.streamyolo.store.EventQuery;
import io.streamyolo.store.EventStore;
import io.streamyolo.store.JdbcUrls;
import io.streamyolo.store.StoreException;
import io.streamyolo.store.StoredClip;
import io.streamyolo.store.StoredEvent;
import io.streamyolo.store.StoredSnapshot;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code events} command: lists stored events, newest first, as a table or JSON lines, and
 * can save the selected tracks' snapshots and copy the recordings that show the events.
 *
 * <pre>
 * events --store jdbc:sqlite:work/events.db --camera cam1 --zone gate --since -1h
 * events --store work/events.db --class person --json --snapshot out/
 * events --store work/events.db --camera door --since -1h --clip out/clips/
 * </pre>
 */
public final class EventsCommand {

    /** Exit codes: 0 done, 1 the store failed (or a clip's file to copy was missing), 2 bad arguments. */
    static final int OK = 0;
    static final int STORE_ERROR = 1;
    static final int USAGE = 2;

    static final int DEFAULT_LIMIT = 50;

    /** Where {@code --store} comes from when not given. */
    static final String STORE_ENV = "STREAMYOLO_STORE";

    /** What {@code --kind} accepts: the kinds of the stored events. */
    static final List<String> KINDS = List.of(StoredEvent.OBJECT_ENTERED, StoredEvent.OBJECT_LEFT,
            StoredEvent.ZONE_ENTERED, StoredEvent.ZONE_LEFT, StoredEvent.LINE_CROSSED);

    static final String HELP = usage();

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
        Arguments a = new Arguments();
        CommandLine commandLine = new CommandLine(a).setOverwrittenOptionsAllowed(true);
        try {
            commandLine.parseArgs(args);
        } catch (ParameterException e) {
            err.println("events: " + message(e));
            err.print(HELP);
            return USAGE;
        }
        if (commandLine.isUsageHelpRequested()) {
            out.print(HELP);
            return OK;
        }
        String store = a.store != null ? a.store : env.get(STORE_ENV);
        if (store == null || store.isBlank()) {
            err.println("events: --store is required (or set " + STORE_ENV + ")");
            err.print(HELP);
            return USAGE;
        }
        EventQuery query;
        try {
            Instant now = Instant.now();
            EventQuery.Builder q = EventQuery.builder()
                    .stream(a.camera)
                    .label(a.label)
                    .zone(a.zone)
                    .line(a.line)
                    .kind(a.kind)
                    .limit(a.limit);
            if (a.since != null) {
                q.since(parseTime(a.since, now, ZoneId.systemDefault()));
            }
            if (a.until != null) {
                q.until(parseTime(a.until, now, ZoneId.systemDefault()));
            }
            if (a.kind != null && !KINDS.contains(a.kind)) {
                throw new IllegalArgumentException("--kind expects one of " + String.join(", ", KINDS) + ", got '" + a.kind + "'");
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
            if (a.json) {
                events.forEach(e -> out.println(e.toJson()));
            } else {
                printTable(events, out, ZoneId.systemDefault());
            }
            if (a.snapshot != null) {
                writeSnapshots(eventStore, events, a.snapshot, err);
            }
            boolean allCopied = a.clip == null || copyClips(eventStore, events, a.clip, err);
            out.flush();
            return allCopied ? OK : STORE_ERROR;
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

    /**
     * Copies the files of the clips that show the events (each clip once) into {@code dir}, named
     * by {@link StoredClip#fileName()}, and says on {@code err} what it wrote. A clip whose file is
     * gone is named and skipped; the others are copied all the same.
     *
     * @return whether every file was copied
     */
    private static boolean copyClips(EventStore store, List<StoredEvent> events, Path dir, PrintStream err)
            throws StoreException, IOException {
        Map<Long, StoredClip> clips = new LinkedHashMap<>();
        for (StoredEvent e : events) {
            for (StoredClip c : store.clips().covering(e)) {
                clips.putIfAbsent(c.id(), c);
            }
        }
        Files.createDirectories(dir);
        int copied = 0;
        long bytes = 0;
        List<StoredClip> missing = new ArrayList<>();
        for (StoredClip c : clips.values()) {
            Path target = dir.resolve(c.fileName());
            try {
                // Replaced: a copy made before is of the same file (a clip's file never changes).
                Files.copy(Path.of(c.file()), target, StandardCopyOption.REPLACE_EXISTING);
            } catch (NoSuchFileException e) {
                err.println("events: cannot copy clip " + c.id() + " of " + c.streamId() + ": its file " + c.file()
                        + " is missing (deleted by retention, or moved)");
                missing.add(c);
                continue;
            }
            long size = Files.size(target);
            err.println("events: wrote " + target + " (" + c.kind() + " " + c.codec() + ", "
                    + String.format(Locale.ROOT, "%.1f s, %.1f MB", (c.endMs() - c.startMs()) / 1000.0, size / 1e6) + ")");
            copied++;
            bytes += size;
        }
        err.println("events: copied " + copied + " clip" + (copied == 1 ? "" : "s") + " ("
                + String.format(Locale.ROOT, "%.1f MB", bytes / 1e6) + ") to " + dir
                + (missing.isEmpty() ? "" : "; " + missing.size() + " missing, not copied")
                + (clips.isEmpty() ? ": no recording shows the selected events" : ""));
        return missing.isEmpty();
    }

    /** The help, values after a space as in the examples (picocli writes '=', which parses too). */
    private static String usage() {
        return new CommandLine(new Arguments()).setSeparator(" ").getUsageMessage();
    }

    /** Picocli's message about bad arguments, in the words of the other messages. */
    private static String message(ParameterException e) {
        if (e instanceof UnmatchedArgumentException unmatched) {
            return "unknown argument '" + unmatched.getUnmatched().get(0) + "'";
        }
        if (e instanceof MissingParameterException missing) {
            return ((OptionSpec) missing.getMissing().get(0)).longestName() + " needs a value";
        }
        if (e.getArgSpec() instanceof OptionSpec option) {
            if (option.arity().max() == 0) {
                return option.longestName() + " takes no value";
            }
            if (e.getCause() instanceof TypeConversionException expected) {
                return option.longestName() + " expects " + expected.getMessage() + ", got '" + e.getValue() + "'";
            }
        }
        return e.getMessage();
    }

    /** The arguments, each with its help and default. */
    @Command(name = "events", customSynopsis = "events --store URL [options]", sortOptions = false, usageHelpWidth = 110,
            description = {"Lists stored track events, newest first.", ""},
            footer = "Options take their value as the next argument or after '=': --limit=10.")
    static final class Arguments {
        @Option(names = "--store", paramLabel = "URL", description = {"jdbc:sqlite:/path/events.db (or just the .db path), or",
            "jdbc:postgresql://host:port/db?user=U&password=P (default: $" + STORE_ENV + ")"})
        String store;

        @Option(names = "--camera", paramLabel = "ID", description = "events of one camera (stream id)")
        String camera;

        @Option(names = "--class", paramLabel = "NAME", description = "events of one class, e.g. person")
        String label;

        @Option(names = "--zone", paramLabel = "NAME", description = "events of one zone (zone_entered, zone_left)")
        String zone;

        @Option(names = "--line", paramLabel = "NAME", description = "events of one line (line_crossed); not with --zone")
        String line;

        @Option(names = "--kind", paramLabel = "K", description = StoredEvent.OBJECT_ENTERED + ", " + StoredEvent.OBJECT_LEFT + ", "
                + StoredEvent.ZONE_ENTERED + ", " + StoredEvent.ZONE_LEFT + " or " + StoredEvent.LINE_CROSSED)
        String kind;

        @Option(names = "--since", paramLabel = "T", description = {
            "from T on: 2026-11-29T08:00:00Z, 2026-11-29T08:00:00+01:00, 2026-11-29T09:00",
            "(local time), 2026-11-29, epoch milliseconds, now, or relative to now:",
            "-500ms, -90s, -15m, -1h, -2d, -1w (+ for later)"})
        String since;

        @Option(names = "--until", paramLabel = "T", description = "before T (same forms)")
        String until;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "" + DEFAULT_LIMIT, converter = PositiveInt.class,
                description = "at most N events (default ${DEFAULT-VALUE})")
        int limit;

        @Option(names = "--json", description = "JSON lines instead of a table")
        boolean json;

        @Option(names = "--snapshot", paramLabel = "DIR",
                description = "also write the selected tracks' snapshots as DIR/<camera>-<track>.jpg")
        Path snapshot;

        @Option(names = "--clip", paramLabel = "DIR", description = {
            "also copy the recordings that show the selected events to DIR, as",
            "DIR/<camera>_<start, UTC>_<kind>-<clip id>.mp4 (exit 1 if a file is missing)"})
        Path clip;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
        boolean help;
    }

    /** A count of 1 or more. */
    static final class PositiveInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            try {
                int n = Integer.parseInt(text.strip());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TypeConversionException("a positive number");
        }
    }
}
