package io.streamyolo.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HandlerType;
import io.javalin.http.SameSite;
import io.javalin.http.sse.SseClient;
import io.javalin.http.staticfiles.Location;
import io.streamyolo.control.InvalidCommandException;
import io.streamyolo.control.redact.Redaction;
import io.streamyolo.store.CameraState;
import io.streamyolo.store.EventRow;
import io.streamyolo.store.EventStore;
import io.streamyolo.store.StoreException;
import io.streamyolo.store.StoredSnapshot;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's web server (Javalin on Jetty): the pages and scripts from the jar, a JSON API
 * over the event store, a long-poll picture stream per camera, server-sent events for new track
 * events, and the command endpoint, which checks every command with the job's parser before it is
 * written to the control channel.
 *
 * <pre>{@code
 * try (DashboardServer server = DashboardServer.start(options)) {
 *     System.out.println("http://127.0.0.1:" + server.port() + "/");
 *     server.awaitStop();
 * }
 * }</pre>
 *
 * <p>Why Javalin rather than the JDK's HttpServer: the pictures are long polls and the timeline is
 * server-sent events, both held open per browser; Jetty serves them asynchronously (no thread
 * parked per waiting request) and notices closed connections, and Javalin adds routing with path
 * parameters, static files from the jar and request size limits, which would otherwise be
 * hand-written on top of a server with a thread per open request.
 */
public final class DashboardServer implements AutoCloseable {

    /** Longest a picture request waits for a new picture before answering 204. */
    static final long MAX_FRAME_WAIT_MS = 10_000;
    static final long DEFAULT_FRAME_WAIT_MS = 2_000;
    /** How often the store is read for new pictures and new events while someone watches. */
    static final long PICTURE_POLL_MS = 100;
    /** How often each camera's picture rate is matched to whether a browser shows it. */
    static final long PREVIEW_RATES_MS = 2000;
    static final long EVENT_POLL_MS = 500;
    static final long CAMERA_CACHE_MS = 300;
    /** How often the cameras page's stream carries the cameras' states. */
    static final long GRID_STATES_MS = 1000;

    /** Paths open without the token: the login form and what it needs. */
    private static final Set<String> PUBLIC_PATHS = Set.of("/login", "/login.html", "/login.js", "/style.css", "/favicon.ico");
    private static final String CSP = "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self';"
            + " connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);

    private final DashboardOptions options;
    private final CommandSink commands;
    private final CommandGate gate;
    private final Auth auth;
    private final EventStore reader;
    private final EventStore liveStore;
    private final EventStore feedStore;
    private final LiveView live;
    private final EventFeed feed;
    private final PreviewRates previewRates;
    private final GridStream grid;
    private final HiddenCameras hidden;
    private final Set<String> allowedHosts;
    private Javalin app;

    private DashboardServer(DashboardOptions options, CommandSink commands, EventStore reader, EventStore liveStore,
            EventStore feedStore) {
        this.options = options;
        this.commands = commands;
        this.gate = new CommandGate(options.allowedSchemes());
        this.auth = new Auth(options.authToken());
        this.reader = reader;
        this.liveStore = liveStore;
        this.feedStore = feedStore;
        this.live = new LiveView(liveStore, PICTURE_POLL_MS, CAMERA_CACHE_MS);
        this.feed = new EventFeed(feedStore, EVENT_POLL_MS);
        this.previewRates = new PreviewRates(live, gate, commands, options.watchedFps(), options.idleFps());
        this.grid = new GridStream(live, this::camerasBodySafely);
        this.hidden = new HiddenCameras(options.hideStoppedAfterS() * 1000);
        Set<String> hosts = new java.util.HashSet<>(Set.of("localhost", "127.0.0.1", "[::1]"));
        String bind = options.bind().toLowerCase(java.util.Locale.ROOT);
        hosts.add(bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind);
        this.allowedHosts = Set.copyOf(hosts);
    }

    /**
     * Opens the store (creating or upgrading its schema), the control channel, and starts serving.
     *
     * @throws StoreException when the store cannot be opened (the message names it, password masked)
     * @throws IOException when the control file's directory cannot be made
     */
    public static DashboardServer start(DashboardOptions options) throws StoreException, IOException {
        CommandSink sink = options.controlFile() != null
                ? new FileCommandSink(options.controlFile())
                : new KafkaCommandSink(options.kafkaBootstrap(), options.controlTopic());
        try {
            return start(options, sink);
        } catch (IOException | RuntimeException e) {
            sink.close();
            throw e;
        }
    }

    /** As {@link #start(DashboardOptions)}, with commands going to {@code sink} (tests). */
    static DashboardServer start(DashboardOptions options, CommandSink sink) throws StoreException {
        List<EventStore> opened = new ArrayList<>();
        try {
            // One connection per reader thread: requests, the picture poller and the event feed
            // never wait for each other's queries (in WAL mode none waits for the job's writes).
            for (int i = 0; i < 3; i++) {
                opened.add(EventStore.open(options.storeUrl()));
            }
        } catch (StoreException e) {
            opened.forEach(EventStore::close);
            throw e;
        }
        DashboardServer server = new DashboardServer(options, sink, opened.get(0), opened.get(1), opened.get(2));
        try {
            server.startServing();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The port the server listens on (the chosen one when started with port 0). */
    public int port() {
        return app.port();
    }

    /** Blocks until the JVM shuts down (the server's threads are not daemons). */
    public void awaitStop() throws InterruptedException {
        Thread.currentThread().join();
    }

    @Override
    public void close() {
        // Waiting picture requests are answered first (204), so that stopping does not wait for them.
        feed.close();
        grid.close();
        previewRates.close();
        live.close();
        if (app != null) {
            app.stop();
        }
        reader.close();
        liveStore.close();
        feedStore.close();
        commands.close();
    }

    // ------------------------------------------------------------------------------------------

    private void startServing() {
        app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.http.maxRequestSize = 1L << 20; // the job's longest control line
            config.http.generateEtags = false;
            // The cameras page sends only its list of cameras: a small limit.
            config.jetty.modifyWebSocketServletFactory(f -> f.setMaxTextMessageSize(64 * 1024));
            config.staticFiles.add(sf -> {
                sf.hostedPath = "/";
                sf.directory = "/web";
                sf.location = Location.CLASSPATH;
                sf.headers = Map.of("Cache-Control", "no-cache");
            });
        });
        app.before(this::guard);
        app.exception(StoreException.class, (e, ctx) -> {
            LOG.warn("Event store failed serving {}: {}", Redaction.redactAndTruncate(ctx.path(), 200),
                    Redaction.escapeControls(e.getMessage()));
            json(ctx, 503, ApiJson.error("event store: " + e.getMessage()));
        });
        app.exception(IllegalArgumentException.class, (e, ctx) -> json(ctx, 400, ApiJson.error(e.getMessage())));

        app.get("/login", ctx -> ctx.redirect("/login.html"));
        app.post("/login", this::login);
        app.post("/logout", this::logout);

        app.get("/api/config", this::config);
        app.get("/api/cameras", this::cameras);
        app.get("/api/cameras/{id}", this::camera);
        app.get("/api/cameras/{id}/preview.jpg", this::previewJpeg);
        app.post("/api/cameras/{id}/remove", this::removeCamera);
        app.get("/api/cameras/{id}/frame", this::frame);
        app.wsBeforeUpgrade("/api/grid", this::guardStream);
        app.ws("/api/grid", ws -> {
            ws.onConnect(c -> grid.open(c.session));
            ws.onMessage(c -> grid.message(c.session, c.message()));
            ws.onClose(c -> grid.closed(c.session));
            ws.onError(c -> grid.closed(c.session));
        });
        app.get("/api/events", this::events);
        app.sse("/api/events/stream", this::eventStream);
        app.get("/api/snapshots/{stream}/{track}/thumb.jpg", ctx -> snapshot(ctx, true));
        app.get("/api/snapshots/{stream}/{track}.jpg", ctx -> snapshot(ctx, false));
        app.post("/api/commands", this::command);
        new ClipRoutes(reader).register(app);

        live.start();
        feed.start();
        previewRates.start(PREVIEW_RATES_MS);
        grid.start(GRID_STATES_MS);
        app.start(options.bind(), options.port());
        LOG.info("Dashboard on http://{}:{}/ reading {}, commands to {}{}", hostForUrl(options.bind()), app.port(),
                reader.description(), commands.description(), auth.enabled() ? ", token required" : "");
    }

    /** Before every request, static files included: Host, token, origin of writes, and headers. */
    private void guard(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Content-Security-Policy", CSP);
        if (!auth.enabled() && !allowedHosts.contains(hostName(ctx.header("Host")))) {
            // Without a token only this machine may talk to us; a web page whose name was made
            // to resolve to 127.0.0.1 (DNS rebinding) sends its own name here.
            json(ctx, 403, ApiJson.error("unexpected Host header: open the dashboard as http://127.0.0.1:" + app.port() + "/"));
            ctx.skipRemainingHandlers();
            return;
        }
        if (ctx.method() == HandlerType.POST && !sameOrigin(ctx)) {
            json(ctx, 403, ApiJson.error("cross-site request refused"));
            ctx.skipRemainingHandlers();
            return;
        }
        if (PUBLIC_PATHS.contains(ctx.path()) || auth.allows(ctx.header("Authorization"), ctx.cookie(Auth.COOKIE))) {
            return;
        }
        if (ctx.path().startsWith("/api/")) {
            json(ctx, 401, ApiJson.error("login required: use the login form, or send 'Authorization: Bearer TOKEN'"));
        } else {
            ctx.redirect("/login.html?next=" + java.net.URLEncoder.encode(ctx.path(), java.nio.charset.StandardCharsets.UTF_8));
        }
        ctx.skipRemainingHandlers();
    }

    /**
     * Before the cameras page's WebSocket is opened: as {@link #guard}, and the Origin must be this
     * server's. Browsers send Origin with every WebSocket and do not stop a page of another site
     * from opening one (no same-origin rule, no preflight), so it is required here.
     */
    private void guardStream(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null || origin.isEmpty() || !sameOrigin(ctx)) {
            throw new io.javalin.http.ForbiddenResponse("cross-site WebSocket refused");
        }
        if (!auth.enabled() && !allowedHosts.contains(hostName(ctx.header("Host")))) {
            throw new io.javalin.http.ForbiddenResponse("unexpected Host header");
        }
        if (!auth.allows(ctx.header("Authorization"), ctx.cookie(Auth.COOKIE))) {
            throw new io.javalin.http.UnauthorizedResponse("login required");
        }
    }

    private void login(Context ctx) throws InterruptedException {
        if (!auth.enabled()) {
            ctx.redirect("/");
            return;
        }
        if (!auth.matches(ctx.formParam("token"))) {
            Thread.sleep(500); // slows guessing down
            LOG.info("Wrong token in a login from {}", ctx.ip());
            ctx.redirect("/login.html?error=1");
            return;
        }
        ctx.cookie(new Cookie(Auth.COOKIE, auth.newSession(), "/", (int) (Auth.SESSION_MS / 1000), false, 0, true, null, null,
                SameSite.STRICT));
        String next = ctx.formParam("next");
        // Only a path on this server: never an open redirect.
        ctx.redirect(next != null && next.startsWith("/") && !next.startsWith("//") && !next.contains("\\") ? next : "/");
    }

    private void logout(Context ctx) {
        auth.endSession(ctx.cookie(Auth.COOKIE));
        ctx.removeCookie(Auth.COOKIE, "/");
        ctx.redirect("/login.html");
    }

    private void config(Context ctx) {
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.put("flink_ui", options.flinkUi());
        n.put("auth", auth.enabled());
        ArrayNode schemes = n.putArray("allowed_schemes");
        options.allowedSchemes().stream().sorted().forEach(schemes::add);
        n.put("control", commands.description().startsWith("Kafka") ? "kafka" : "file");
        // What a camera gets for a setting its START and UPDATEs do not give (camera states list only given ones).
        ObjectNode defaults = n.putObject("job_defaults");
        defaults.put("conf", options.jobConf());
        defaults.put("max_fps", options.jobMaxFps());
        ArrayNode classes = defaults.putArray("classes");
        options.jobClasses().forEach(classes::add);
        json(ctx, 200, n);
    }

    private void cameras(Context ctx) throws StoreException {
        json(ctx, 200, camerasBody());
    }

    /** For the cameras page's stream: as {@code /api/cameras}, or a store error in the body. */
    private String camerasBodySafely() {
        try {
            return camerasBody().toString();
        } catch (StoreException e) {
            ObjectNode n = ApiJson.MAPPER.createObjectNode();
            n.putArray("cameras");
            n.put("now", System.currentTimeMillis());
            n.put("store_error", e.getMessage());
            n.put("failed", true);
            return n.toString();
        }
    }

    /** Every camera's state, figures and picture time (the body of {@code /api/cameras}). */
    private ObjectNode camerasBody() throws StoreException {
        long now = System.currentTimeMillis();
        ArrayNode list = ApiJson.MAPPER.createArrayNode();
        Map<String, Long> previewTimes = new TreeMap<>(live.pictureTimes());
        for (CameraState c : live.cameras()) {
            Long previewTs = previewTimes.remove(c.streamId());
            if (!hidden.hidden(c, now)) {
                list.add(ApiJson.camera(c, previewTs, now));
            }
        }
        // Cameras with a picture but no state yet (a job from before camera states) are listed too.
        // (Also a camera whose state is not in the cached states yet: hidden by the age of its picture.)
        for (Map.Entry<String, Long> e : previewTimes.entrySet()) {
            if (!hidden.hidden(ApiJson.unknownState(e.getKey(), e.getValue()), now)) {
                list.add(ApiJson.unknownCamera(e.getKey(), e.getValue()));
            }
        }
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.set("cameras", list);
        n.put("now", now);
        if (live.storeError() != null) {
            n.put("store_error", live.storeError());
        }
        return n;
    }

    private void camera(Context ctx) throws StoreException {
        String id = ctx.pathParam("id");
        Optional<CameraState> c = live.camera(id);
        if (c.isEmpty()) {
            json(ctx, 404, ApiJson.error("no camera '" + Redaction.redactAndTruncate(id, 40) + "' in the store"));
            return;
        }
        json(ctx, 200, ApiJson.camera(c.get(), live.latest(id).map(LiveView.Frame::ts).orElse(null), System.currentTimeMillis()));
    }

    /** Takes an ended camera off the dashboard's list (409 for a running one); the store and the job keep it. */
    private void removeCamera(Context ctx) throws StoreException {
        String id = ctx.pathParam("id");
        Optional<CameraState> c = live.camera(id);
        if (c.isEmpty()) {
            json(ctx, 404, ApiJson.error("no camera '" + Redaction.redactAndTruncate(id, 40) + "' in the store"));
            return;
        }
        try {
            hidden.remove(c.get(), System.currentTimeMillis());
        } catch (IllegalStateException e) {
            json(ctx, 409, ApiJson.error(Redaction.redactAndTruncate(e.getMessage(), 300)));
            return;
        }
        LOG.info("Removed camera {} ({}) from the dashboard, for {}", Redaction.redactAndTruncate(id, 80),
                c.get().state(), ctx.ip());
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.put("ok", true);
        n.put("stream_id", id);
        json(ctx, 200, n);
    }

    private void previewJpeg(Context ctx) throws StoreException {
        Optional<LiveView.Frame> f = live.latest(ctx.pathParam("id"));
        if (f.isEmpty()) {
            json(ctx, 404, ApiJson.error("no picture of this camera yet"));
            return;
        }
        ctx.header("Cache-Control", "no-store");
        ctx.header("X-Frame-Ts", Long.toString(f.get().ts()));
        ctx.header("X-Frame-Seq", Long.toString(f.get().frameSeq()));
        ctx.contentType("image/jpeg").result(f.get().jpeg());
    }

    /**
     * The next picture newer than {@code after}: 200 with the picture's meta (JSON) and JPEG in one
     * body, or 204 when none came within {@code wait} ms. Held open without a thread.
     */
    private void frame(Context ctx) throws StoreException {
        String id = ctx.pathParam("id");
        long after = longParam(ctx, "after", -1);
        long wait = Math.max(0, Math.min(MAX_FRAME_WAIT_MS, longParam(ctx, "wait", DEFAULT_FRAME_WAIT_MS)));
        if (!live.knows(id)) {
            json(ctx, 404, ApiJson.error("no camera '" + Redaction.redactAndTruncate(id, 40) + "' in the store"));
            return;
        }
        // JPEG bytes do not compress: gzip would only cost CPU on every picture.
        ctx.disableCompression();
        ctx.future(() -> live.next(id, after, wait).thenAccept(f -> {
            ctx.header("Cache-Control", "no-store");
            if (f.isEmpty()) {
                ctx.status(204);
            } else {
                ctx.contentType("application/octet-stream").result(f.get().framed());
            }
        }));
    }

    private void events(Context ctx) throws StoreException {
        EventFilter filter = EventFilter.from(ctx::queryParam);
        // Read first: the page follows new events from here (/api/events/stream?after=), so none
        // is missed; one written in between may come twice, which the page drops by id.
        long lastId = reader.lastEventId();
        ArrayNode list = ApiJson.MAPPER.createArrayNode();
        for (EventRow row : reader.findRows(filter.query())) {
            list.add(ApiJson.event(row));
        }
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.set("events", list);
        // All that match (for "51-100 of 1,234"), and where this page starts.
        n.put("total", reader.count(filter.query()));
        n.put("offset", filter.offset());
        n.put("limit", filter.limit());
        n.put("last_id", lastId);
        json(ctx, 200, n);
    }

    /** New events as server-sent events ({@code event: event}, id = row id), after the client's last id. */
    private void eventStream(SseClient client) {
        EventFilter filter;
        try {
            filter = EventFilter.from(client.ctx()::queryParam);
        } catch (IllegalArgumentException e) {
            client.sendEvent("failure", ApiJson.error(e.getMessage()).toString());
            client.close();
            return;
        }
        String lastId = client.ctx().header("Last-Event-ID");
        long after = lastId != null ? parseLong(lastId, -1) : longParam(client.ctx(), "after", -1);
        client.keepAlive();
        EventFeed.Subscriber subscriber = new EventFeed.Subscriber() {
            @Override
            public synchronized boolean deliver(EventRow row) {
                if (client.terminated()) {
                    return false;
                }
                if (filter.matches(row)) {
                    client.sendEvent("event", ApiJson.event(row).toString(), Long.toString(row.id()));
                }
                return !client.terminated();
            }

            @Override
            public synchronized boolean ping() {
                if (!client.terminated()) {
                    client.sendComment("ping");
                }
                return !client.terminated();
            }
        };
        client.onClose(() -> feed.unsubscribe(subscriber));
        feed.subscribe(subscriber, after);
    }

    private void snapshot(Context ctx, boolean thumbnail) throws StoreException {
        long track = parseLong(ctx.pathParam("track"), -1);
        Optional<StoredSnapshot> s = track < 0 ? Optional.empty() : reader.snapshot(ctx.pathParam("stream"), track);
        byte[] bytes = s.map(x -> thumbnail && x.thumbnail() != null ? x.thumbnail() : x.jpeg()).orElse(null);
        if (bytes == null) {
            json(ctx, 404, ApiJson.error("no snapshot of this track"));
            return;
        }
        // A better snapshot may replace it while the track lasts: cache briefly.
        ctx.header("Cache-Control", "private, max-age=10");
        ctx.contentType("image/jpeg").result(bytes);
    }

    /** A command from a form: checked with the job's parser, then written; 400 with the parser's message. */
    private void command(Context ctx) {
        String type = ctx.contentType();
        if (!isJson(type)) {
            json(ctx, 415, ApiJson.error("send the command as application/json"));
            return;
        }
        CommandGate.Checked checked;
        try {
            checked = gate.check(ctx.body());
        } catch (InvalidCommandException e) {
            LOG.info("Refused a command from {}: {}", ctx.ip(), Redaction.escapeControls(e.getMessage()));
            json(ctx, 400, ApiJson.error(e.getMessage()));
            return;
        }
        try {
            commands.send(checked.command().streamId(), checked.line());
        } catch (IOException e) {
            LOG.warn("Cannot send {} to {}: {}", checked.redacted(), commands.description(), Redaction.redact(e.getMessage()));
            json(ctx, 503, ApiJson.error("cannot send the command to the job: " + Redaction.redact(e.getMessage())));
            return;
        }
        LOG.info("Sent {} from {}", checked.redacted(), ctx.ip());
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.put("ok", true);
        n.put("type", checked.command().type().name());
        n.put("stream_id", checked.command().streamId());
        n.set("command", readTree(checked.redacted()));
        json(ctx, 200, n);
    }

    // ------------------------------------------------------------------------------------------

    static void json(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType("application/json").header("Cache-Control", "no-store").result(body.toString());
    }

    /** The media type exactly (parameters such as charset allowed): "application/jsonfoo" is not JSON. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String media = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return media.strip().equalsIgnoreCase("application/json");
    }

    private static JsonNode readTree(String json) {
        try {
            return ApiJson.MAPPER.readTree(json);
        } catch (IOException e) {
            return ApiJson.MAPPER.getNodeFactory().textNode(json);
        }
    }

    static long longParam(Context ctx, String name, long dflt) {
        return parseLong(ctx.queryParam(name), dflt);
    }

    static long parseLong(String s, long dflt) {
        if (s == null || s.isBlank()) {
            return dflt;
        }
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: '" + Redaction.redactAndTruncate(s, 20) + "'");
        }
    }

    /** Whether a POST comes from a page of this server: its Origin (when sent) names our host and port. */
    private static boolean sameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null || origin.isEmpty()) {
            return true; // not a browser's cross-site request (browsers send Origin on POST)
        }
        String host = ctx.header("Host");
        try {
            URI o = URI.create(origin);
            return host != null && o.getRawAuthority() != null && o.getRawAuthority().equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The host name of a Host header, without the port ({@code [::1]} stays bracketed). */
    static String hostName(String hostHeader) {
        if (hostHeader == null) {
            return "";
        }
        String h = hostHeader.strip().toLowerCase(java.util.Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(0, end + 1);
        }
        int colon = h.indexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    private static String hostForUrl(String bind) {
        return bind.contains(":") ? "[" + bind + "]" : bind;
    }
}
