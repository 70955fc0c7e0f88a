package io.streamyolo.track;

import java.util.Arrays;

/**
 * A track's class as a vote of its boxes, each weighted by its confidence, so that a detector's
 * passing misclassification (often of a partly hidden object) neither ends the track nor renames
 * it.
 *
 * <p>Parallel arrays rather than a map: a track sees one to three classes, and the arrays are
 * written to checkpoints as they are (see {@link TrackerStateCodec}). Not thread-safe.
 */
final class ClassVotes {

    int[] classes = new int[2];
    float[] weights = new float[2];
    int count;

    /**
     * Adds {@code weight} to the votes of {@code cls} and returns the class that leads now: {@code
     * current} unless another class has strictly more votes, so that a tie changes nothing.
     */
    int add(int cls, float weight, int current) {
        int k = indexOf(cls);
        if (k < 0) {
            if (count == classes.length) {
                classes = Arrays.copyOf(classes, count * 2);
                weights = Arrays.copyOf(weights, count * 2);
            }
            k = count++;
            classes[k] = cls;
            weights[k] = 0;
        }
        weights[k] += weight;
        int c = indexOf(current);
        return c < 0 || weights[k] > weights[c] ? cls : current;
    }

    /** Replaces all votes, as read from a checkpoint. */
    void set(int[] restoredClasses, float[] restoredWeights, int restoredCount) {
        classes = Arrays.copyOf(restoredClasses, Math.max(2, restoredCount));
        weights = Arrays.copyOf(restoredWeights, Math.max(2, restoredCount));
        count = restoredCount;
    }

    private int indexOf(int cls) {
        for (int k = 0; k < count; k++) {
            if (classes[k] == cls) {
                return k;
            }
        }
        return -1;
    }
}
