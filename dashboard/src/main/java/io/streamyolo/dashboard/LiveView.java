package io.streamyolo.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamyolo.store.CameraState;
import io.streamyolo.store.EventStore;
import io.streamyolo.store.Preview;
import io.streamyolo.store.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cameras' newest pictures and states, read from the store by one poller thread and served to
 * any number of browsers from memory: a browser asks for "the next picture after the one I
 * have" and waits (a long poll, without holding a server thread) until the poller sees a newer
 * one in the store, or until {@code maxWait} passes. So each new picture costs one store read
 * however many browsers watch, and it is on its way to them within one poll interval.
 *
 * <p>The poller reads only while someone watched in the last {@value #IDLE_AFTER_MS} ms; a
 * request after an idle time waits for a fresh read rather than get an old picture.
 *
 * <p>Threads: the poller thread reads the store and completes waiting requests (through a small
 * executor, so that no response is written while a lock is held); request threads call the
 * public methods.
 */
public final class LiveView implements AutoCloseable {

    /** Without requests for this long, the poller stops reading pictures. */
    static final long IDLE_AFTER_MS = 10_000;
    /** A state older than this while the camera is not stopped means the job stopped reporting. */
    static final long STALE_AFTER_MS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(LiveView.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final EventStore store;
    private final long pollMs;
    private final long cameraCacheMs;
    private final ScheduledExecutorService poller;
    private final ExecutorService completer;
    private final Map<String, Frame> frames = new ConcurrentHashMap<>();
    /** When a browser last asked for each camera's picture. */
    private final Map<String, Long> watchedAt = new ConcurrentHashMap<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private final List<Runnable> pollListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile List<CameraState> cameras = List.of();
    private volatile long camerasReadAt;
    private volatile long lastInterest;
    private volatile long polledAt;
    private volatile String storeError;
    private long failures;

    /** A camera's picture as served: the JPEG, and meta (JSON) + JPEG in one body for the tile loop. */
    public record Frame(String streamId, long ts, long frameSeq, byte[] jpeg, byte[] framed) {}

    private record Waiter(String streamId, long after, long deadline, CompletableFuture<Optional<Frame>> future) {}

    /**
     * @param pollMs how often the store is asked for new pictures while someone watches
     * @param cameraCacheMs how long a read of the camera states serves requests
     */
    public LiveView(EventStore store, long pollMs, long cameraCacheMs) {
        this.store = store;
        this.pollMs = pollMs;
        this.cameraCacheMs = cameraCacheMs;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "dashboard-live-poller"));
        this.completer = Executors.newFixedThreadPool(2, r -> daemon(r, "dashboard-live-reply"));
    }

    public void start() {
        poller.scheduleWithFixedDelay(this::pollSafely, 0, pollMs, TimeUnit.MILLISECONDS);
    }

    /**
     * The next picture of a camera newer than {@code after} (capture time, epoch ms): at once when
     * there is one, else when the poller finds one, else empty after {@code maxWaitMs}.
     * Called on request threads.
     */
    public CompletableFuture<Optional<Frame>> next(String streamId, long after, long maxWaitMs) {
        long now = System.currentTimeMillis();
        lastInterest = now;
        watchedAt.put(streamId, now);
        Frame frame = frames.get(streamId);
        boolean fresh = now - polledAt <= 3 * pollMs;
        if (fresh && frame != null && frame.ts() > after) {
            return CompletableFuture.completedFuture(Optional.of(frame));
        }
        CompletableFuture<Optional<Frame>> future = new CompletableFuture<>();
        synchronized (waiters) {
            waiters.add(new Waiter(streamId, fresh ? after : Math.min(after, -1), now + maxWaitMs, future));
        }
        return future;
    }

    /** The newest picture of a camera, read fresh when the poller has been idle. */
    public Optional<Frame> latest(String streamId) throws StoreException {
        lastInterest = System.currentTimeMillis();
        watchedAt.put(streamId, lastInterest);
        if (System.currentTimeMillis() - polledAt > 3 * pollMs) {
            refresh(streamId);
        }
        return Optional.ofNullable(frames.get(streamId));
    }

    /** The capture time of each camera's picture in memory (read fresh when the poller was idle). */
    public Map<String, Long> pictureTimes() throws StoreException {
        lastInterest = System.currentTimeMillis();
        if (System.currentTimeMillis() - polledAt > 3 * pollMs) {
            poll();
        }
        Map<String, Long> times = new java.util.TreeMap<>();
        frames.forEach((id, f) -> times.put(id, f.ts()));
        return times;
    }

    /** The newest picture in memory of a camera, or null; no store read. */
    public Frame frame(String streamId) {
        return frames.get(streamId);
    }

    /** A browser shows the camera (for the poller and {@link #watched}), without asking for a picture now. */
    public void touch(String streamId, long nowMillis) {
        lastInterest = nowMillis;
        watchedAt.put(streamId, nowMillis);
    }

    /** Runs {@code listener} on the poller thread after each poll (pictures may have changed). */
    public void onPoll(Runnable listener) {
        pollListeners.add(listener);
    }

    /** Whether a browser asked for the camera's picture in the last {@value #IDLE_AFTER_MS} ms. */
    public boolean watched(String streamId, long nowMillis) {
        Long at = watchedAt.get(streamId);
        return at != null && nowMillis - at <= IDLE_AFTER_MS;
    }

    /** Every camera the job reported, stopped ones included, sorted by id; cached briefly. */
    public List<CameraState> cameras() throws StoreException {
        if (System.currentTimeMillis() - camerasReadAt > cameraCacheMs) {
            synchronized (this) {
                if (System.currentTimeMillis() - camerasReadAt > cameraCacheMs) {
                    cameras = store.cameras();
                    camerasReadAt = System.currentTimeMillis();
                }
            }
        }
        return cameras;
    }

    public Optional<CameraState> camera(String streamId) throws StoreException {
        return cameras().stream().filter(c -> c.streamId().equals(streamId)).findFirst();
    }

    /** Whether a camera is known: it has a state or a picture. */
    public boolean knows(String streamId) throws StoreException {
        return frames.containsKey(streamId) || camera(streamId).isPresent() || latest(streamId).isPresent();
    }

    /** Whether a camera's state is too old to trust: the job stopped reporting it. */
    public static boolean isStale(CameraState c, long now) {
        return !c.isStopped() && now - c.ts() > STALE_AFTER_MS;
    }

    /** The last store failure of the poller, or null while reads work. */
    public String storeError() {
        return storeError;
    }

    @Override
    public void close() {
        poller.shutdownNow();
        completer.shutdownNow();
        synchronized (waiters) {
            waiters.forEach(w -> w.future().complete(Optional.empty()));
            waiters.clear();
        }
    }

    // ------------------------------------------------------------------------------------------

    private void pollSafely() {
        try {
            long now = System.currentTimeMillis();
            boolean waiting;
            synchronized (waiters) {
                waiting = !waiters.isEmpty();
            }
            if (waiting || now - lastInterest < IDLE_AFTER_MS) {
                poll();
                polledAt = System.currentTimeMillis();
            }
            if (storeError != null) {
                LOG.info("Event store readable again");
            }
            storeError = null;
            failures = 0;
        } catch (StoreException | RuntimeException e) {
            // Safe to go on: browsers keep the last pictures, and the next poll tries again.
            storeError = e.getMessage();
            if (failures++ % 100 == 0) {
                LOG.warn("Cannot read camera pictures from the event store ({} failures in a row): {}", failures, e.getMessage());
            }
        }
        answerWaiters();
        for (Runnable listener : pollListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("A picture listener failed: {}", e.getMessage());
            }
        }
    }

    private void poll() throws StoreException {
        for (Map.Entry<String, Long> e : store.previewTimes().entrySet()) {
            Frame cached = frames.get(e.getKey());
            if (cached == null || cached.ts() < e.getValue()) {
                refresh(e.getKey());
            }
        }
    }

    private void refresh(String streamId) throws StoreException {
        Optional<Preview> p = store.preview(streamId);
        if (p.isPresent()) {
            frames.put(streamId, frame(p.get()));
        }
    }

    private void answerWaiters() {
        long now = System.currentTimeMillis();
        List<Runnable> replies = new ArrayList<>();
        synchronized (waiters) {
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                Frame f = frames.get(w.streamId());
                if (f != null && f.ts() > w.after()) {
                    it.remove();
                    replies.add(() -> w.future().complete(Optional.of(f)));
                } else if (now >= w.deadline()) {
                    it.remove();
                    replies.add(() -> w.future().complete(Optional.empty()));
                }
            }
        }
        for (Runnable r : replies) {
            try {
                completer.execute(r);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                r.run(); // closing
            }
        }
    }

    /** The picture's body for the tile loop: 4 bytes (big-endian length of the meta), meta JSON, JPEG. */
    static Frame frame(Preview p) {
        ObjectNode meta = MAPPER.createObjectNode();
        meta.put("stream_id", p.streamId());
        meta.put("ts", p.ts());
        meta.put("frame_seq", p.frameSeq());
        meta.put("width", p.width());
        meta.put("height", p.height());
        try {
            JsonNode d = MAPPER.readTree(p.detections());
            if (d != null && d.isObject()) {
                d.fields().forEachRemaining(f -> meta.set(f.getKey(), f.getValue()));
            }
        } catch (IOException e) {
            // A picture without boxes is still worth showing.
            LOG.debug("Unreadable detections of {}'s picture: {}", p.streamId(), e.getMessage());
        }
        byte[] json = meta.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(4 + json.length + p.jpeg().length);
        body.putInt(json.length).put(json).put(p.jpeg());
        return new Frame(p.streamId(), p.ts(), p.frameSeq(), p.jpeg(), body.array());
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
