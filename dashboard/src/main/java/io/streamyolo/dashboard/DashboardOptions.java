package io.streamyolo.dashboard;

import io.streamyolo.source.command.UrlPolicy;
import io.streamyolo.source.settings.StreamSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The dashboard's command-line options, checked as a whole: a store, exactly one control channel,
 * and no address beyond this machine without a token.
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
        java.util.List<String> jobClasses) {

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

    static final String HELP = String.join("\n",
            "Usage: dashboard --store URL (--control-file FILE | --kafka-bootstrap H:P --control-topic T) [options]",
            "Serves the camera dashboard: live pictures, states, events; sends commands to the job.",
            "",
            "  --store URL              the job's event store: jdbc:sqlite:/path/events.db (or the .db path), or",
            "                           jdbc:postgresql://host:port/db?user=U&password=P (default: $" + STORE_ENV + ")",
            "  --control-file FILE      the job's control file: commands are appended to it",
            "  --kafka-bootstrap H:P    the Kafka brokers of the job's control topic",
            "  --control-topic T        the job's control topic",
            "  --port N                 HTTP port (default " + DEFAULT_PORT + "; 0 picks a free one)",
            "  --bind ADDR              address to listen on (default " + DEFAULT_BIND + "); any other than a",
            "                           loopback address needs --auth",
            "  --auth TOKEN             every request needs this token: a login form sets a cookie, or send",
            "                           'Authorization: Bearer TOKEN' (default: $" + AUTH_ENV + ")",
            "  --flink-ui URL           link to the Flink web UI, http:// or https:// (default " + DEFAULT_FLINK_UI
                    + "; '' for no link)",
            "  --allowed-schemes L      camera URL schemes a START may use, as the job's option (default "
                    + String.join(",", new TreeSet<>(UrlPolicy.DEFAULT_SCHEMES)) + ")",
            "  --watched-fps X          pictures per second the job sends of a camera a browser shows, 0 to "
                    + MAX_FPS + " (default " + DEFAULT_WATCHED_FPS + ")",
            "  --idle-fps X             ... of a camera no browser shows (default " + DEFAULT_IDLE_FPS + "); the job",
            "                           encodes pictures in its detection subtasks, so unseen ones cost it",
            "  --hide-stopped-after-s N a camera stopped, or no longer reported by the job, leaves the cameras",
            "                           page after N s (default " + DEFAULT_HIDE_STOPPED_AFTER_S + "; 0 = only with its Remove button)",
            "  --job-conf X, --job-max-fps X, --job-classes L",
            "                           the job's --conf, --max-fps and --classes, when it was started with",
            "                           others than its defaults (" + DEFAULT_JOB_CONF + ", " + DEFAULT_JOB_MAX_FPS + " = every frame, all):",
            "                           the forms show them for a camera that does not set its own",
            "  -h, --help               this help",
            "");

    private static final Set<String> OPTIONS = Set.of("--store", "--control-file", "--kafka-bootstrap", "--control-topic",
            "--port", "--bind", "--auth", "--flink-ui", "--allowed-schemes", "--watched-fps", "--idle-fps",
            "--hide-stopped-after-s", "--job-conf", "--job-max-fps", "--job-classes");

    public DashboardOptions {
        allowedSchemes = Set.copyOf(allowedSchemes);
        jobClasses = java.util.List.copyOf(jobClasses);
    }

    /**
     * Parses and checks the arguments.
     *
     * @param env where {@value #STORE_ENV} and {@value #AUTH_ENV} are read
     * @return the options; null when help was asked for
     * @throws IllegalArgumentException naming what is wrong or missing
     */
    public static DashboardOptions parse(String[] args, Map<String, String> env) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                return null;
            }
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                value = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            if (!OPTIONS.contains(a)) {
                throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                value = args[++i];
            }
            if (o.put(a, value) != null) {
                throw new IllegalArgumentException(a + " is given twice");
            }
        }
        String store = o.getOrDefault("--store", env.get(STORE_ENV));
        String token = o.getOrDefault("--auth", env.get(AUTH_ENV));
        int port = DEFAULT_PORT;
        if (o.containsKey("--port")) {
            try {
                port = Integer.parseInt(o.get("--port"));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port must be a number from 0 to 65535, got '" + o.get("--port") + "'");
            }
        }
        Set<String> schemes = new LinkedHashSet<>();
        for (String s : o.getOrDefault("--allowed-schemes", String.join(",", UrlPolicy.DEFAULT_SCHEMES)).split(",")) {
            if (!s.isBlank()) {
                schemes.add(s.strip());
            }
        }
        DashboardOptions options = new DashboardOptions(
                store == null || store.isBlank() ? null : store.strip(),
                o.containsKey("--control-file") ? Path.of(o.get("--control-file")) : null,
                o.get("--kafka-bootstrap"),
                o.get("--control-topic"),
                o.getOrDefault("--bind", DEFAULT_BIND),
                port,
                token == null || token.isEmpty() ? null : token,
                o.getOrDefault("--flink-ui", DEFAULT_FLINK_UI),
                schemes,
                fps(o, "--watched-fps", DEFAULT_WATCHED_FPS),
                fps(o, "--idle-fps", DEFAULT_IDLE_FPS),
                seconds(o, "--hide-stopped-after-s", DEFAULT_HIDE_STOPPED_AFTER_S),
                number(o, "--job-conf", DEFAULT_JOB_CONF, 1),
                number(o, "--job-max-fps", DEFAULT_JOB_MAX_FPS, Double.MAX_VALUE),
                java.util.Arrays.stream(o.getOrDefault("--job-classes", "").split(",")).map(String::strip).filter(c -> !c.isEmpty())
                        .toList());
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

    /** A picture rate, as the job's {@code preview_fps} accepts it. */
    private static double fps(Map<String, String> o, String name, double defaultValue) {
        if (!o.containsKey(name)) {
            return defaultValue;
        }
        try {
            double fps = Double.parseDouble(o.get(name));
            if (fps >= 0 && fps <= MAX_FPS) {
                return fps;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a number from 0 to " + MAX_FPS + ", got '" + o.get(name) + "'");
    }

    /** A number from 0 to {@code max}. */
    private static double number(Map<String, String> o, String name, double defaultValue, double max) {
        if (!o.containsKey(name)) {
            return defaultValue;
        }
        try {
            double v = Double.parseDouble(o.get(name).strip());
            if (v >= 0 && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a number from 0" + (max < Double.MAX_VALUE ? " to " + max : " up")
                + ", got '" + o.get(name) + "'");
    }

    /** Whole seconds, 0 or more. */
    private static long seconds(Map<String, String> o, String name, long defaultValue) {
        if (!o.containsKey(name)) {
            return defaultValue;
        }
        try {
            long s = Long.parseLong(o.get(name).strip());
            if (s >= 0) {
                return s;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a whole number of seconds, 0 or more, got '" + o.get(name) + "'");
    }

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
}
