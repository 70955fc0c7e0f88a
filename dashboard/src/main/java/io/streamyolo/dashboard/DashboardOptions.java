package io.streamyolo.dashboard;

import io.streamyolo.control.command.UrlPolicy;
import io.streamyolo.control.settings.StreamSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The dashboard's command-line options, checked as a whole: a store, exactly one control channel,
 * and no address beyond this machine without a token. It is long because the dashboard has many
 * options (16, each with its help and check), not because it does several things.
 *
 * <pre>{@code
 * DashboardOptions o = DashboardOptions.parse(new String[] {"--store", "work/events.db", "--control-file", "work/commands.jsonl"}, System.getenv());
 * }</pre>
 */
public record DashboardOptions(
        String storeUrl,
        Path controlFile,
        String kafkaBootstrap,
        String controlTopic,
        String bind,
        int port,
        String authToken,
        String flinkUi,
        Set<String> allowedSchemes,
        double watchedFps,
        double idleFps,
        long hideStoppedAfterS,
        double jobConf,
        double jobMaxFps,
        List<String> jobClasses) {

    public static final int DEFAULT_PORT = 8090;
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final String DEFAULT_FLINK_UI = "http://127.0.0.1:8081";
    public static final double DEFAULT_WATCHED_FPS = 3;
    public static final double DEFAULT_IDLE_FPS = 0.2;
    /** Ten minutes: long enough to see that a camera stopped, short enough that stopped ones do not pile up. */
    public static final long DEFAULT_HIDE_STOPPED_AFTER_S = 600;
    /** The job's own defaults (its {@code DetectorConfig.DEFAULT_CONFIDENCE} and {@code rtsp.default-max-fps}). */
    public static final double DEFAULT_JOB_CONF = 0.25;
    public static final double DEFAULT_JOB_MAX_FPS = 0;
    /** The highest picture rate, the job's limit on {@code preview_fps}. */
    static final double MAX_FPS = StreamSettings.MAX_PREVIEW_FPS;
    /** A token shorter than this is refused: it would be guessed. */
    public static final int MIN_TOKEN_LENGTH = 8;

    /** Where the store URL and the token may come from instead of the command line (which {@code ps} shows). */
    public static final String STORE_ENV = "STREAMYOLO_STORE";
    public static final String AUTH_ENV = "STREAMYOLO_DASHBOARD_AUTH";

    /** The help, generated from the options' annotations below. */
    static final String HELP = usage();

    public DashboardOptions {
        allowedSchemes = Set.copyOf(allowedSchemes);
        jobClasses = List.copyOf(jobClasses);
    }

    /**
     * Parses and checks the arguments.
     *
     * @param env where {@value #STORE_ENV} and {@value #AUTH_ENV} are read
     * @return the options; null when help was asked for
     * @throws IllegalArgumentException naming what is wrong or missing
     */
    public static DashboardOptions parse(String[] args, Map<String, String> env) {
        Arguments a = new Arguments();
        CommandLine commandLine = new CommandLine(a);
        try {
            commandLine.parseArgs(args);
        } catch (ParameterException e) {
            throw new IllegalArgumentException(message(e), e);
        }
        if (commandLine.isUsageHelpRequested()) {
            return null;
        }
        String store = a.store != null ? a.store : env.get(STORE_ENV);
        String token = a.auth != null ? a.auth : env.get(AUTH_ENV);
        DashboardOptions options = new DashboardOptions(
                store == null || store.isBlank() ? null : store.strip(),
                a.controlFile,
                a.kafkaBootstrap,
                a.controlTopic,
                a.bind,
                a.port,
                token == null || token.isEmpty() ? null : token,
                a.flinkUi,
                Set.copyOf(list(a.allowedSchemes)),
                a.watchedFps,
                a.idleFps,
                a.hideStoppedAfterS,
                a.jobConf,
                a.jobMaxFps,
                list(a.jobClasses));
        options.sanityCheck();
        return options;
    }

    /** Whether requests need the token. */
    public boolean authEnabled() {
        return authToken != null;
    }

    /** The control channel, for messages: the file, or the Kafka topic and brokers. */
    public String controlChannel() {
        return controlFile != null ? "control file " + controlFile.toAbsolutePath() : "Kafka topic " + controlTopic + " at " + kafkaBootstrap;
    }

    /** Whether {@link #bind} is a loopback address (reachable from this machine only). */
    public boolean bindsLoopback() {
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------------------------------

    private void sanityCheck() {
        if (storeUrl == null) {
            throw new IllegalArgumentException("--store is required (or set " + STORE_ENV + "): the job's event store");
        }
        boolean kafka = kafkaBootstrap != null || controlTopic != null;
        if (controlFile != null && kafka) {
            throw new IllegalArgumentException("--control-file and --kafka-bootstrap/--control-topic both given: "
                    + "commands go to one control channel, the job's");
        }
        if (controlFile == null && !kafka) {
            throw new IllegalArgumentException("a control channel is required: --control-file FILE, or "
                    + "--kafka-bootstrap H:P with --control-topic T (the job's)");
        }
        if (kafka && (kafkaBootstrap == null || kafkaBootstrap.isBlank() || controlTopic == null || controlTopic.isBlank())) {
            throw new IllegalArgumentException("--kafka-bootstrap and --control-topic go together");
        }
        try {
            InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--bind: unknown address '" + bind + "'");
        }
        if (authToken != null && authToken.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("--auth: the token must have at least " + MIN_TOKEN_LENGTH + " characters");
        }
        if (authToken == null && !bindsLoopback()) {
            // Whoever reaches the port could start cameras on any URL the policy allows and stop them.
            throw new IllegalArgumentException("--bind " + bind + " makes the dashboard reachable from other machines, and it "
                    + "starts and stops cameras: give --auth TOKEN (or set " + AUTH_ENV + "), or bind a loopback address");
        }
        if (allowedSchemes.isEmpty()) {
            throw new IllegalArgumentException("--allowed-schemes: at least one scheme");
        }
        if (!flinkUi.isEmpty() && !flinkUi.startsWith("http://") && !flinkUi.startsWith("https://")) {
            throw new IllegalArgumentException("--flink-ui must be an http:// or https:// URL, got '" + flinkUi + "'");
        }
    }

    @Override
    public String toString() {
        // Never the token, nor the store's password.
        return "DashboardOptions[store=" + io.streamyolo.store.JdbcUrls.describe(io.streamyolo.store.JdbcUrls.normalize(storeUrl))
                + ", " + controlChannel() + ", bind=" + bind + ", port=" + port + ", auth=" + authEnabled()
                + ", flinkUi=" + flinkUi + ", allowedSchemes=" + allowedSchemes + ", watchedFps=" + watchedFps
                + ", idleFps=" + idleFps + ", hideStoppedAfterS=" + hideStoppedAfterS + ", jobConf=" + jobConf + ", jobMaxFps=" + jobMaxFps
                + ", jobClasses=" + jobClasses + "]";
    }

    /** The help, values after a space as in the examples (picocli writes '=', which parses too). */
    private static String usage() {
        return new CommandLine(new Arguments()).setSeparator(" ").setUsageHelpLongOptionsMaxWidth(24).getUsageMessage();
    }

    /** Picocli's message about bad arguments, in the words of the other messages. */
    private static String message(ParameterException e) {
        if (e instanceof UnmatchedArgumentException unmatched) {
            String arg = unmatched.getUnmatched().get(0);
            // The option's name, not its value: '--nope' of '--nope=1'.
            return "unknown argument '" + (arg.startsWith("--") && arg.indexOf('=') > 0 ? arg.substring(0, arg.indexOf('=')) : arg) + "'";
        }
        if (e instanceof MissingParameterException missing && missing.getMissing().get(0) instanceof OptionSpec option) {
            return option.longestName() + " needs a value";
        }
        if (e instanceof OverwrittenOptionException overwritten && overwritten.getOverwritten() instanceof OptionSpec option) {
            return option.longestName() + " is given twice";
        }
        if (e.getArgSpec() instanceof OptionSpec option && e.getCause() instanceof TypeConversionException expected) {
            return option.longestName() + " must be " + expected.getMessage() + ", got '" + e.getValue() + "'";
        }
        return e.getMessage();
    }

    /** The items of a comma-separated list, blanks around them and empty ones left out. */
    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** The arguments, each with its help and default; checked as a whole by {@link #sanityCheck}. */
    @Command(name = "dashboard", sortOptions = false, usageHelpWidth = 110,
            customSynopsis = "dashboard --store URL (--control-file FILE | --kafka-bootstrap H:P --control-topic T) [options]",
            description = "Serves the camera dashboard: live pictures, states, events; sends commands to the job.%n")
    static final class Arguments {
        @Option(names = "--store", paramLabel = "URL", description = {
            "the job's event store: jdbc:sqlite:/path/events.db (or the .db path), or",
            "jdbc:postgresql://host:port/db?user=U&password=P (default: $" + STORE_ENV + ")"})
        String store;

        @Option(names = "--control-file", paramLabel = "FILE", description = "the job's control file: commands are appended to it")
        Path controlFile;

        @Option(names = "--kafka-bootstrap", paramLabel = "H:P", description = "the Kafka brokers of the job's control topic")
        String kafkaBootstrap;

        @Option(names = "--control-topic", paramLabel = "T", description = "the job's control topic")
        String controlTopic;

        @Option(names = "--port", paramLabel = "N", defaultValue = "" + DEFAULT_PORT, converter = Port.class,
                description = "HTTP port (default ${DEFAULT-VALUE}; 0 picks a free one)")
        int port;

        @Option(names = "--bind", paramLabel = "ADDR", defaultValue = DEFAULT_BIND,
                description = {"address to listen on (default ${DEFAULT-VALUE}); any other than a loopback",
                    "address needs --auth"})
        String bind;

        @Option(names = "--auth", paramLabel = "TOKEN", description = {
            "every request needs this token: a login form sets a cookie, or send",
            "'Authorization: Bearer TOKEN' (default: $" + AUTH_ENV + ")"})
        String auth;

        @Option(names = "--flink-ui", paramLabel = "URL", defaultValue = DEFAULT_FLINK_UI,
                description = {"link to the Flink web UI, http:// or https://",
                    "(default ${DEFAULT-VALUE}; '' for no link)"})
        String flinkUi;

        @Option(names = "--allowed-schemes", paramLabel = "L",
                description = "camera URL schemes a START may use, as the job's option (default ${DEFAULT-VALUE})")
        String allowedSchemes = String.join(",", new TreeSet<>(UrlPolicy.DEFAULT_SCHEMES));

        @Option(names = "--watched-fps", paramLabel = "X", defaultValue = "" + DEFAULT_WATCHED_FPS, converter = PictureRate.class,
                description = {"pictures per second the job sends of a camera a browser",
                    "shows, 0 to " + MAX_FPS + " (default ${DEFAULT-VALUE})"})
        double watchedFps;

        @Option(names = "--idle-fps", paramLabel = "X", defaultValue = "" + DEFAULT_IDLE_FPS, converter = PictureRate.class,
                description = {"... of a camera no browser shows (default ${DEFAULT-VALUE}); the job encodes",
                    "pictures in its detection subtasks, so unseen ones cost it"})
        double idleFps;

        @Option(names = "--hide-stopped-after-s", paramLabel = "N", defaultValue = "" + DEFAULT_HIDE_STOPPED_AFTER_S,
                converter = Seconds.class, description = {"a camera stopped, or no longer reported by the job, leaves the cameras",
                    "page after N s (default ${DEFAULT-VALUE}; 0 = only with its Remove button)"})
        long hideStoppedAfterS;

        // The job's --conf, --max-fps and --classes, as the forms show them for a camera that does not set its own.
        @Option(names = "--job-conf", paramLabel = "X", defaultValue = "" + DEFAULT_JOB_CONF, converter = Fraction.class,
                description = {"the job's --conf, when it was started with another than its default",
                    "(${DEFAULT-VALUE}): the forms show it for a camera that does not set its own"})
        double jobConf;

        @Option(names = "--job-max-fps", paramLabel = "X", defaultValue = "" + DEFAULT_JOB_MAX_FPS, converter = NonNegative.class,
                description = "the job's --max-fps, likewise (default ${DEFAULT-VALUE} = every frame)")
        double jobMaxFps;

        @Option(names = "--job-classes", paramLabel = "L", defaultValue = "",
                description = "the job's --classes, likewise (default: all)")
        String jobClasses;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
        boolean help;
    }

    /** A TCP port; 0 picks a free one. */
    static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            try {
                int port = Integer.parseInt(text);
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TypeConversionException("a number from 0 to 65535");
        }
    }

    /** Whole seconds, 0 or more. */
    static final class Seconds implements ITypeConverter<Long> {
        @Override
        public Long convert(String text) {
            try {
                long s = Long.parseLong(text.strip());
                if (s >= 0) {
                    return s;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TypeConversionException("a whole number of seconds, 0 or more");
        }
    }

    /** A number from 0 to {@code max}. */
    abstract static class Range implements ITypeConverter<Double> {
        private final double max;

        Range(double max) {
            this.max = max;
        }

        @Override
        public Double convert(String text) {
            try {
                double v = Double.parseDouble(text.strip());
                if (v >= 0 && v <= max) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TypeConversionException("a number from 0" + (max < Double.MAX_VALUE ? " to " + max : " up"));
        }
    }

    /** A picture rate, as the job's {@code preview_fps} accepts it. */
    static final class PictureRate extends Range {
        PictureRate() {
            super(MAX_FPS);
        }
    }

    /** A confidence threshold. */
    static final class Fraction extends Range {
        Fraction() {
            super(1);
        }
    }

    /** A number, 0 or more. */
    static final class NonNegative extends Range {
        NonNegative() {
            super(Double.MAX_VALUE);
        }
    }
}
