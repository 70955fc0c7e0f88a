package io.streamyolo.dashboard;

import io.streamyolo.store.EventRow;
import io.streamyolo.store.EventStore;
import io.streamyolo.store.StoreException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows new events in the store for the browsers' live timelines: one poller thread asks for
 * rows with ids above the largest it has seen, every {@code interval} while anyone listens, and
 * hands each new row to every subscriber.
 *
 * <p>Ids are not always committed in order: PostgreSQL draws them before commit, so with several
 * sink subtasks a smaller id may become visible after a larger one, and a duplicate insert (a
 * replay) uses up an id that never appears. So the feed remembers the ids it skipped for
 * {@value #GAP_WAIT_MS} ms and looks for them too; a row that shows up late is still delivered,
 * once. (SQLite has one writer at a time: its ids arrive in order.)
 */
public final class EventFeed implements AutoCloseable {

    /** How long a skipped id may still turn up. */
    static final long GAP_WAIT_MS = 10_000;
    /** Skipped ids remembered at most (a replay after a long outage skips many). */
    static final int MAX_GAPS = 2_000;
    static final int BATCH = 500;

    private static final Logger LOG = LoggerFactory.getLogger(EventFeed.class);

    /** Receives new rows on the feed's thread; returns false once it is gone (then it is dropped). */
    public interface Subscriber {
        boolean deliver(EventRow row);

        /** Keeps an idle connection open (and finds dead ones); false once it is gone. */
        boolean ping();
    }

    private final EventStore store;
    private final long intervalMs;
    private final ScheduledExecutorService poller;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    /** Skipped ids and when they were first missed; poller thread only. */
    private final TreeMap<Long, Long> gaps = new TreeMap<>();
    private long maxSeen = -1;
    private long lastPing;
    private long failures;

    public EventFeed(EventStore store, long intervalMs) {
        this.store = store;
        this.intervalMs = intervalMs;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dashboard-event-feed");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        poller.scheduleWithFixedDelay(this::pollSafely, 0, intervalMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Adds a subscriber, which first gets the rows after {@code afterId} (up to {@value #BATCH};
     * none when negative), then every new row. Both happen on the feed's thread, so no row falls
     * between the catch-up and the feed; a row may come twice (ids tell).
     */
    public void subscribe(Subscriber s, long afterId) {
        poller.execute(() -> {
            try {
                if (maxSeen < 0) {
                    maxSeen = store.lastEventId();
                }
                if (afterId >= 0) {
                    for (EventRow row : store.eventsAfter(afterId, BATCH)) {
                        if (row.id() > maxSeen || !s.deliver(row)) {
                            break;
                        }
                    }
                }
            } catch (StoreException | RuntimeException e) {
                LOG.warn("Cannot read the events a new subscriber missed: {}", e.getMessage());
            }
            subscribers.add(s);
        });
    }

    public void unsubscribe(Subscriber s) {
        subscribers.remove(s);
    }

    public int subscribers() {
        return subscribers.size();
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }

    // ------------------------------------------------------------------------------------------

    private void pollSafely() {
        try {
            if (subscribers.isEmpty()) {
                // Nobody listens: forget the position; the next subscriber starts from now (it
                // catches up on its own from the id it has).
                maxSeen = -1;
                gaps.clear();
                return;
            }
            List<EventRow> rows = poll(System.currentTimeMillis());
            for (EventRow row : rows) {
                for (Subscriber s : subscribers) {
                    if (!s.deliver(row)) {
                        subscribers.remove(s);
                    }
                }
            }
            long now = System.currentTimeMillis();
            if (now - lastPing > 15_000) {
                lastPing = now;
                for (Subscriber s : subscribers) {
                    if (!s.ping()) {
                        subscribers.remove(s);
                    }
                }
            }
            failures = 0;
        } catch (StoreException | RuntimeException e) {
            // Safe to go on: the next poll starts from the same id, so nothing is lost.
            if (failures++ % 100 == 0) {
                LOG.warn("Cannot read new events from the event store ({} failures in a row): {}", failures, e.getMessage());
            }
        }
    }

    /** The rows to deliver now, oldest first (package-private for tests). */
    List<EventRow> poll(long now) throws StoreException {
        if (maxSeen < 0) {
            maxSeen = store.lastEventId();
            return List.of();
        }
        List<EventRow> out = new ArrayList<>();
        // Late commits of skipped ids first.
        if (!gaps.isEmpty()) {
            gaps.values().removeIf(missedAt -> now - missedAt > GAP_WAIT_MS);
            if (!gaps.isEmpty()) {
                for (EventRow row : store.eventsAfter(gaps.firstKey() - 1, BATCH)) {
                    if (row.id() > maxSeen) {
                        break;
                    }
                    if (gaps.remove(row.id()) != null) {
                        out.add(row);
                    }
                }
            }
        }
        for (EventRow row : store.eventsAfter(maxSeen, BATCH)) {
            for (long id = maxSeen + 1; id < row.id() && gaps.size() < MAX_GAPS; id++) {
                gaps.put(id, now);
            }
            maxSeen = row.id();
            out.add(row);
        }
        trimGaps();
        return out;
    }

    private void trimGaps() {
        Iterator<Map.Entry<Long, Long>> it = gaps.entrySet().iterator();
        while (gaps.size() > MAX_GAPS && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
