package io.streamyolo.store;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers events, snapshots, camera previews, camera states and recorded clips and writes them to an {@link
 * EventStore} as one transaction per {@link #flush()}, reconnecting with exponential backoff while the database is unreachable.
 * Retrying a whole batch is safe because the writes are idempotent upserts: a batch that was
 * committed just before the connection broke is written again and changes nothing.
 *
 * <p>Of previews and camera states only the newest of each camera is kept: a camera's picture from
 * two seconds ago is of no use once a newer one is here, and the buffer stays small however long a
 * database outage lasts.
 *
 * <p>Not thread-safe: one thread (in the Flink sink, the task's mailbox thread) calls every method.
 */
public final class BufferedStoreWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BufferedStoreWriter.class);

    private final String jdbcUrl;
    private final String description;
    private final RetryPolicy retry;
    private final List<StoredEvent> events = new ArrayList<>();
    private final List<StoredSnapshot> snapshots = new ArrayList<>();
    private final Map<String, Preview> previews = new LinkedHashMap<>();
    private final Map<String, CameraState> cameras = new LinkedHashMap<>();
    private final List<StoredClip> clips = new ArrayList<>();
    private EventStore store;
    private long retries;

    public BufferedStoreWriter(String jdbcUrl, RetryPolicy retry) {
        this.jdbcUrl = JdbcUrls.normalize(jdbcUrl);
        this.description = JdbcUrls.describe(this.jdbcUrl);
        this.retry = retry;
    }

    /**
     * Opens the store now (creating or upgrading its schema), retrying as {@link #flush()} does:
     * a sink fails at start rather than at its first batch when the database is wrong.
     */
    public void connect() throws StoreException, InterruptedIOException {
        withRetry(() -> {
            ensureOpen();
            return null;
        });
    }

    public void add(StoreRecord record) {
        if (record instanceof StoredEvent e) {
            events.add(e);
        } else if (record instanceof StoredSnapshot s) {
            snapshots.add(s);
        } else if (record instanceof Preview p) {
            previews.merge(p.streamId(), p, (old, now) -> now.ts() >= old.ts() ? now : old);
        } else if (record instanceof CameraState c) {
            cameras.merge(c.streamId(), c, (old, now) -> now.ts() >= old.ts() ? now : old);
        } else if (record instanceof StoredClip clip) {
            clips.add(clip);
        }
    }

    /** Records buffered since the last successful flush (previews and states: one per camera). */
    public int size() {
        return events.size() + snapshots.size() + previews.size() + cameras.size() + clips.size();
    }

    /** Whether a camera preview or state is buffered: the sink writes those sooner than events. */
    public boolean hasLiveRecords() {
        return !previews.isEmpty() || !cameras.isEmpty();
    }

    /**
     * Writes the buffer in one transaction and empties it. While the database is unreachable,
     * waits and tries again as the {@link RetryPolicy} says, logging a WARN each time.
     *
     * @throws StoreException when the failure is not transient (bad SQL, a full disk, a wrong
     *     password), or the database stayed away past the policy's retry time; the buffer is kept
     * @throws InterruptedIOException if interrupted while waiting (the task is cancelled)
     */
    public WriteResult flush() throws StoreException, InterruptedIOException {
        if (size() == 0) {
            return new WriteResult(0, 0, 0);
        }
        List<Preview> p = List.copyOf(previews.values());
        List<CameraState> c = List.copyOf(cameras.values());
        WriteResult result = withRetry(() -> ensureOpen().write(events, snapshots, p, c, clips));
        events.clear();
        snapshots.clear();
        previews.clear();
        cameras.clear();
        clips.clear();
        return result;
    }

    /** How many times a write or connect was retried since this writer was made. */
    public long retries() {
        return retries;
    }

    /** Closes the connection; buffered records are dropped (a Flink sink flushes before). */
    @Override
    public void close() {
        if (store != null) {
            store.close();
            store = null;
        }
    }

    // ------------------------------------------------------------------------------------------

    private interface StoreCall<T> {
        T call() throws StoreException;
    }

    private EventStore ensureOpen() throws StoreException {
        if (store == null) {
            store = EventStore.open(jdbcUrl);
        }
        return store;
    }

    private <T> T withRetry(StoreCall<T> call) throws StoreException, InterruptedIOException {
        long start = System.nanoTime();
        Duration backoff = retry.initialBackoff();
        for (int attempt = 1; ; attempt++) {
            try {
                T result = call.call();
                if (attempt > 1) {
                    LOG.info("Event store {} is back after {} attempts", description, attempt);
                }
                return result;
            } catch (StoreException e) {
                // A failed connection is not reused: the next attempt opens a new one.
                close();
                if (!e.isTransient()) {
                    throw e;
                }
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                if (elapsed.plus(backoff).compareTo(retry.maxRetryTime()) > 0) {
                    throw new StoreException("Event store " + description + " still unavailable after " + attempt
                            + " attempts in " + elapsed.toSeconds() + " s: " + e.getMessage(), e, false);
                }
                LOG.warn("Event store {} unavailable (attempt {}), retrying in {} ms: {}",
                        description, attempt, backoff.toMillis(), e.getMessage());
                retries++;
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    InterruptedIOException iio = new InterruptedIOException("Interrupted while waiting for event store " + description);
                    iio.initCause(e);
                    throw iio;
                }
                backoff = backoff.multipliedBy(2);
                if (backoff.compareTo(retry.maxBackoff()) > 0) {
                    backoff = retry.maxBackoff();
                }
            }
        }
    }
}
