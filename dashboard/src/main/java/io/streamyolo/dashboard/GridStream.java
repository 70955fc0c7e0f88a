package io.streamyolo.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.WriteCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cameras page's one connection (a WebSocket): every tile's pictures and the cameras' states
 * go to the page over it, so that a grid of many tiles holds one of the browser's six connections
 * to the server instead of one long poll per tile, and the page's other requests never queue
 * behind pictures.
 *
 * <p>What travels: a text message with the cameras' states (the body of {@code /api/cameras}) when
 * the page connects and then every {@code statesMs}; a binary message per new picture of each
 * camera the page asked for, in the tile loop's body (4 bytes of meta length, meta JSON with
 * {@code stream_id}, JPEG). The page says which cameras it shows with a text message
 * {@code {"watch":["cam1","cam2"]}}.
 *
 * <p>Each page has at most one message on its way: a page that reads slower than pictures come
 * gets the newest picture of each camera when it is ready for the next, and older ones are skipped
 * rather than queued. The newest states are sent before pictures.
 *
 * <p>Threads: Jetty's threads call {@link #open}, {@link #message} and {@link #closed} and the write
 * callbacks; the live view's poller thread calls {@link #picturesChanged}; one thread sends states.
 */
final class GridStream implements AutoCloseable {

    /** More than any grid shows; a longer list is cut. */
    static final int MAX_WATCHED = 256;

    private static final Logger LOG = LoggerFactory.getLogger(GridStream.class);

    private final LiveView live;
    private final Supplier<String> states;
    private final Map<Session, Page> pages = new ConcurrentHashMap<>();
    private final ScheduledExecutorService stateThread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dashboard-grid-states");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param states the cameras' states as {@code /api/cameras} answers them (JSON), read on the
     *     state thread
     */
    GridStream(LiveView live, Supplier<String> states) {
        this.live = live;
        this.states = states;
    }

    void start(long statesMs) {
        live.onPoll(this::picturesChanged);
        stateThread.scheduleWithFixedDelay(this::sendStates, statesMs, statesMs, TimeUnit.MILLISECONDS);
    }

    /** A page connected: it gets the states at once. */
    void open(Session session) {
        Page page = new Page(session);
        pages.put(session, page);
        stateThread.execute(() -> {
            String s = statesSafely();
            if (s != null) {
                page.states(s);
            }
        });
    }

    /** The page's list of cameras to send pictures of. Unknown messages are ignored. */
    void message(Session session, String text) {
        Page page = pages.get(session);
        if (page == null) {
            return;
        }
        Set<String> watch = new LinkedHashSet<>();
        try {
            JsonNode ids = ApiJson.MAPPER.readTree(text).get("watch");
            if (ids == null || !ids.isArray()) {
                return;
            }
            for (JsonNode id : ids) {
                if (id.isTextual() && watch.size() < MAX_WATCHED) {
                    watch.add(id.asText());
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Unreadable message from a cameras page: {}", e.getMessage());
            return;
        }
        page.watch(watch);
    }

    void closed(Session session) {
        pages.remove(session);
    }

    /** Pages connected now. */
    int pages() {
        return pages.size();
    }

    /** After each read of the store: new pictures go to the pages that watch their cameras. */
    void picturesChanged() {
        long now = System.currentTimeMillis();
        for (Page page : pages.values()) {
            // Keeps the poller reading and tells the picture rates that these cameras are shown.
            page.watched().forEach(id -> live.touch(id, now));
            page.pump();
        }
    }

    @Override
    public void close() {
        stateThread.shutdownNow();
        pages.keySet().forEach(Session::close);
        pages.clear();
    }

    // ------------------------------------------------------------------------------------------

    private void sendStates() {
        if (pages.isEmpty()) {
            return;
        }
        String s = statesSafely();
        if (s != null) {
            pages.values().forEach(p -> p.states(s));
        }
    }

    private String statesSafely() {
        try {
            return states.get();
        } catch (RuntimeException e) {
            // Safe to skip: the page keeps the last states, and the next round tries again.
            LOG.warn("Cannot read the cameras' states for the cameras pages: {}", e.getMessage());
            return null;
        }
    }

    /** One connected page: what it watches, what it was sent, and whether a message is on its way. */
    private final class Page implements WriteCallback {
        private final Session session;
        private Set<String> watch = Set.of();
        /** Capture time of the last picture sent, by camera. */
        private final Map<String, Long> sent = new HashMap<>();
        /** The order in which each camera's last picture was sent: the one waiting longest goes first. */
        private final Map<String, Long> sentAt = new HashMap<>();
        private long sends;
        private String pendingStates;
        private boolean busy;

        Page(Session session) {
            this.session = session;
        }

        synchronized Set<String> watched() {
            return watch;
        }

        synchronized void watch(Set<String> ids) {
            watch = Set.copyOf(ids);
            sent.keySet().retainAll(watch);
            long now = System.currentTimeMillis();
            watch.forEach(id -> live.touch(id, now));
            send();
        }

        synchronized void states(String json) {
            pendingStates = json;
            send();
        }

        synchronized void pump() {
            send();
        }

        /** Starts the next message unless one is on its way: states first, then the longest-waiting picture. */
        private void send() {
            if (busy || !session.isOpen()) {
                return;
            }
            if (pendingStates != null) {
                String s = pendingStates;
                pendingStates = null;
                busy = true;
                session.getRemote().sendString(s, this);
                return;
            }
            LiveView.Frame next = null;
            long nextSentAt = Long.MAX_VALUE;
            // (a camera never sent has Long.MIN_VALUE and goes first)
            for (String id : watch) {
                LiveView.Frame f = live.frame(id);
                if (f != null && f.ts() > sent.getOrDefault(id, Long.MIN_VALUE)) {
                    long at = sentAt.getOrDefault(id, Long.MIN_VALUE);
                    if (at < nextSentAt) {
                        next = f;
                        nextSentAt = at;
                    }
                }
            }
            if (next != null) {
                sent.put(next.streamId(), next.ts());
                sentAt.put(next.streamId(), sends++);
                busy = true;
                session.getRemote().sendBytes(ByteBuffer.wrap(next.framed()), this);
            }
        }

        @Override
        public void writeSuccess() {
            synchronized (this) {
                busy = false;
                send();
            }
        }

        @Override
        public void writeFailed(Throwable x) {
            // The page went away or cannot keep up at all: it reconnects and gets the newest of everything.
            LOG.debug("Cannot write to a cameras page: {}", x.getMessage());
            pages.remove(session);
            session.close();
        }
    }
}
