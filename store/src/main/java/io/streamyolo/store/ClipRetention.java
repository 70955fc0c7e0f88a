package io.streamyolo.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes recorded clips and segments, file and row: those that ended before the retention
 * cutoff, and then each camera's oldest until its files fit under a byte limit. A file that cannot
 * be deleted keeps its row (logged with its path) and is tried again next round; a row whose file
 * is already gone is removed and counts for nothing.
 */
final class ClipRetention {

    /** Clips per query of old ones: the deletion walks them in pages. */
    static final int PAGE = 500;

    private static final Logger LOG = LoggerFactory.getLogger(ClipRetention.class);

    /** What one round did. */
    record Result(int deleted, long bytesFreed, int failed) {}

    private ClipRetention() {}

    /**
     * @param cutoffMs clips that ended before this go; {@code Long.MIN_VALUE} keeps all by age
     * @param maxBytesPerCamera each camera's limit; 0 for none
     */
    static Result run(ClipStore clips, long cutoffMs, long maxBytesPerCamera) throws StoreException {
        int deleted = 0;
        int failed = 0;
        long freed = 0;
        if (cutoffMs != Long.MIN_VALUE) {
            int skipped = 0;
            while (true) {
                // Rows whose file could not be deleted stay; skip past them.
                List<StoredClip> old = clips.endedBefore(cutoffMs, skipped + PAGE);
                List<StoredClip> page = old.subList(Math.min(skipped, old.size()), old.size());
                for (StoredClip clip : page) {
                    long size = deleteFile(clip);
                    if (size < 0) {
                        failed++;
                        skipped++;
                    } else if (clips.delete(clip.id())) {
                        deleted++;
                        freed += size;
                    }
                }
                if (old.size() < skipped + PAGE) {
                    break;
                }
            }
        }
        if (maxBytesPerCamera > 0) {
            for (Map.Entry<String, Long> camera : clips.bytesPerCamera().entrySet()) {
                if (camera.getValue() <= maxBytesPerCamera) {
                    continue;
                }
                long total = camera.getValue();
                for (StoredClip clip : clips.oldestFirst(camera.getKey())) {
                    if (total <= maxBytesPerCamera) {
                        break;
                    }
                    long size = deleteFile(clip);
                    if (size < 0) {
                        failed++;
                        continue;
                    }
                    if (clips.delete(clip.id())) {
                        deleted++;
                        freed += size;
                        total -= clip.sizeBytes();
                    }
                }
            }
        }
        return new Result(deleted, freed, failed);
    }

    /** @return bytes the file held (0 when it was already gone), or -1 when it could not be deleted */
    private static long deleteFile(StoredClip clip) {
        Path file = Path.of(clip.file());
        try {
            long size = Files.exists(file) ? Files.size(file) : 0;
            Files.deleteIfExists(file);
            return size;
        } catch (IOException | SecurityException e) {
            // Safe to go on: the row stays, so the next round tries again, and nothing else is held up.
            LOG.warn("Retention cannot delete clip file {} (kept, tried again next round): {}", file, e.toString());
            return -1;
        }
    }
}
