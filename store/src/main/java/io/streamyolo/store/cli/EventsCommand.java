package io.streamyolo.store.cli;

import io.streamyolo.store.EventQuery;
import io.streamyolo.store.EventStore;
import io.streamyolo.store.JdbcUrls;
import io.streamyolo.store.StoreException;
import io.streamyolo.store.StoredEvent;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
                q.since(TimeArgument.parse(a.since, now, ZoneId.systemDefault()));
            }
            if (a.until != null) {
                q.until(TimeArgument.parse(a.until, now, ZoneId.systemDefault()));
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
                EventTable.print(events, out, ZoneId.systemDefault());
            }
            if (a.snapshot != null) {
                EventFiles.writeSnapshots(eventStore, events, a.snapshot, err);
            }
            boolean allCopied = a.clip == null || EventFiles.copyClips(eventStore, events, a.clip, err);
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
