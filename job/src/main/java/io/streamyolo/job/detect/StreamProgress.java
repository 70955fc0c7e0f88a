package io.streamyolo.job.detect;

import java.util.Objects;

/**
 * How far a stream has come, kept in the detection operator's state so that a stream's numbers
 * never go back: its {@code frame_seq} and its counts continue across restarts, savepoint
 * upgrades, rescaling and STOP/START of the same stream id. The counts are owned here; the
 * stream's metrics show them.
 *
 * <p>The source numbers frames from 0 each time it opens a stream (after a restore, a failover or
 * a new START); this adds those numbers to where the stream had got to. A POJO (public fields, no
 * argument constructor), so that Flink's serializer lets fields be added in later versions.
 */
public class StreamProgress {

    public String streamId;
    /** The next frame_seq this stream may use: one past the highest it has used. */
    public long nextSequence;
    public long framesDetected;
    public long objectsDetected;
    public long framesDroppedWaiting;
    /** Frames that skipped the model: no motion, and nothing to keep track of ({@link MotionGate}). */
    public long framesSkippedNoMotion;
    /** The stream's tracker ({@link io.streamyolo.track.TrackerStateCodec}); null before its first frame. */
    public byte[] trackerState;

    /** Added to the source's numbers since the source last (re)opened the stream. */
    private transient long base;
    /** The source's number of the previous frame; -1 until a frame came in this run. */
    private transient long lastSourceSequence = -1;

    public StreamProgress() {}

    public StreamProgress(String streamId) {
        this.streamId = Objects.requireNonNull(streamId, "streamId");
    }

    /** The stream-wide sequence number of a frame that the source numbered {@code sourceSequence}. */
    public long sequenceOf(long sourceSequence) {
        if (sourceSequence <= lastSourceSequence || lastSourceSequence < 0) {
            // The source (re)opened the stream and counts from 0 again: go on from here.
            base = nextSequence;
        }
        lastSourceSequence = sourceSequence;
        long sequence = base + sourceSequence;
        nextSequence = sequence + 1;
        return sequence;
    }

    /** A frame of the stream was detected, with this many objects kept. */
    public void detected(int objects) {
        framesDetected++;
        objectsDetected += objects;
    }

    /** A frame of the stream was replaced by a newer one while it waited. */
    public void droppedWaiting() {
        framesDroppedWaiting++;
    }

    /** A frame of the stream skipped the model for lack of motion. */
    public void skippedNoMotion() {
        framesSkippedNoMotion++;
    }

    /** The further of two copies of one stream's progress (union state gives every subtask all copies). */
    public static StreamProgress furthest(StreamProgress a, StreamProgress b) {
        return a.nextSequence >= b.nextSequence ? a : b;
    }

    @Override
    public String toString() {
        return "StreamProgress{" + streamId + ", next frame_seq " + nextSequence + ", detected " + framesDetected
                + ", objects " + objectsDetected + ", dropped " + framesDroppedWaiting + ", skipped " + framesSkippedNoMotion + "}";
    }
}
