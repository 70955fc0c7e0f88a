package io.streamyolo.store;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;

/**
 * Deletes an {@link EventStore}'s rows older than a cutoff (events and snapshots by time, tracks
 * by last sighting, counts by minute) in short transactions of a batch of rows each, with a pause
 * between them: an SQLite writer waiting for the lock gets it in the pause (SQLite's busy wait is
 * not fair), so a large delete never holds writes up for more than one batch. Camera pictures and
 * states are not touched; clips have {@link ClipRetention}.
 */
final class EventRetention {

    private final Transactions transactions;

    EventRetention(Transactions transactions) {
        this.transactions = transactions;
    }

    /** @return rows deleted */
    long deleteOlderThan(Instant cutoff, int batchSize, Duration pause) throws StoreException {
        long ms = cutoff.toEpochMilli();
        long total = 0;
        total += deleteInBatches("DELETE FROM events WHERE id IN (SELECT id FROM events WHERE ts < ? LIMIT ?)", ms, batchSize, pause);
        total += deleteInBatches("DELETE FROM snapshots WHERE (stream_id, track_id) IN"
                + " (SELECT stream_id, track_id FROM snapshots WHERE ts < ? LIMIT ?)", ms, batchSize, pause);
        total += deleteInBatches("DELETE FROM tracks WHERE (stream_id, track_id) IN"
                + " (SELECT stream_id, track_id FROM tracks WHERE last_seen < ? LIMIT ?)", ms, batchSize, pause);
        // A minute counts as old when all of it is before the cutoff.
        total += deleteInBatches("DELETE FROM counts_per_minute WHERE (stream_id, kind, subject, label, minute) IN"
                + " (SELECT stream_id, kind, subject, label, minute FROM counts_per_minute WHERE minute < ? LIMIT ?)",
                ms - 59_999, batchSize, pause);
        return total;
    }

    // ------------------------------------------------------------------------------------------

    private long deleteInBatches(String sql, long cutoffMs, int batchSize, Duration pause) throws StoreException {
        long total = 0;
        while (true) {
            // One transaction per batch, and the lock free in the pause: writes go on meanwhile.
            int deleted = transactions.run(() -> "Cannot delete old rows from " + transactions.description(), c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setLong(1, cutoffMs);
                    ps.setInt(2, batchSize);
                    return ps.executeUpdate();
                }
            });
            total += deleted;
            if (deleted < batchSize) {
                return total;
            }
            if (!pause.isZero()) {
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException("Interrupted while deleting old rows from " + transactions.description(), e, false);
                }
            }
        }
    }
}
