package io.streamyolo.dashboard;

import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.streamyolo.control.redact.Redaction;
import io.streamyolo.store.EventStore;
import io.streamyolo.store.StoreException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's web server (Javalin on Jetty): the pages and scripts from the jar, a JSON API
 * over the event store, a long-poll picture stream per camera, server-sent events for new track
 * events, and the command endpoint, which checks every command with the job's parser before it is
 * written to the control channel. This class only wires them: the checks before every request are
 * {@link RequestGuard}'s, and each group of routes has its class ({@link CameraRoutes},
 * {@link EventRoutes}, {@link ClipRoutes}, {@link CommandRoutes}, {@link LoginRoutes},
 * {@link ConfigRoute}).
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

    /** How often the store is read for new pictures and new events while someone watches. */
    static final long PICTURE_POLL_MS = 100;
    /** How often each camera's picture rate is matched to whether a browser shows it. */
    static final long PREVIEW_RATES_MS = 2000;
    static final long EVENT_POLL_MS = 500;
    static final long CAMERA_CACHE_MS = 300;
    /** How often the cameras page's stream carries the cameras' states. */
    static final long GRID_STATES_MS = 1000;

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
    private final CameraRoutes cameraRoutes;
    private final GridStream grid;
    private final RequestGuard guard;
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
        this.cameraRoutes = new CameraRoutes(live, new HiddenCameras(options.hideStoppedAfterS() * 1000));
        this.grid = new GridStream(live, cameraRoutes::camerasBodySafely);
        this.guard = new RequestGuard(auth, options.bind(), () -> app.port());
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
        app.before(guard::check);
        app.exception(StoreException.class, (e, ctx) -> {
            LOG.warn("Event store failed serving {}: {}", Redaction.redactAndTruncate(ctx.path(), 200),
                    Redaction.escapeControls(e.getMessage()));
            ApiJson.respond(ctx, 503, ApiJson.error("event store: " + e.getMessage()));
        });
        app.exception(IllegalArgumentException.class, (e, ctx) -> ApiJson.respond(ctx, 400, ApiJson.error(e.getMessage())));

        new LoginRoutes(auth).register(app);
        new ConfigRoute(options, auth, commands).register(app);
        cameraRoutes.register(app);
        app.wsBeforeUpgrade("/api/grid", guard::checkWebSocket);
        app.ws("/api/grid", ws -> {
            ws.onConnect(c -> grid.open(c.session));
            ws.onMessage(c -> grid.message(c.session, c.message()));
            ws.onClose(c -> grid.closed(c.session));
            ws.onError(c -> grid.closed(c.session));
        });
        new EventRoutes(reader, feed).register(app);
        new CommandRoutes(gate, commands).register(app);
        new ClipRoutes(reader).register(app);

        live.start();
        feed.start();
        previewRates.start(PREVIEW_RATES_MS);
        grid.start(GRID_STATES_MS);
        app.start(options.bind(), options.port());
        LOG.info("Dashboard on http://{}:{}/ reading {}, commands to {}{}", hostForUrl(options.bind()), app.port(),
                reader.description(), commands.description(), auth.enabled() ? ", token required" : "");
    }

    private static String hostForUrl(String bind) {
        return bind.contains(":") ? "[" + bind + "]" : bind;
    }
}
