package io.streamyolo.source.event;

import io.streamyolo.source.input.InputPreparation;
import io.streamyolo.source.input.PreparedInput;
import io.streamyolo.source.motion.Motion;
import io.streamyolo.source.record.ClipRecorder;
import java.util.Objects;

/**
 * One decoded camera frame: packed BGR24 pixels ({@code width * height * 3} bytes, no row
 * padding) with its stream, sequence number and times.
 *
 * <p>Immutable by contract: the pixel array is never written after construction, which lets
 * Flink's chained operators pass the same instance on instead of copying megabytes per frame.
 *
 * @param sequence per-stream frame number, increasing by one for every decoded frame (frames
 *     dropped before emission leave gaps); the source counts from 0 each time it opens the stream
 * @param captureTimeMillis wall-clock time at which the frame was decoded
 * @param ptsMicros presentation timestamp from the stream, in microseconds
 * @param input the frame already in the detector's input format, written by the decoder thread;
 *     null when none was asked for yet, and never serialized (only chained operators see it)
 * @param preparation where to ask the camera's decoder for its next frames' input format; null
 *     for a frame that did not come straight from a decoder
 * @param motion what the camera's motion detector measured on this frame (decoder thread); null
 *     when it was not measured (motion gating off, or a frame not straight from a decoder), which
 *     counts as motion; never serialized
 * @param recorder the camera's recorder, which the detection stage tells which frames show tracks
 *     that make clips and asks for the files it completed; null for a frame not straight from a
 *     decoder; never serialized
 */
public record VideoFrame(
        String streamId, long sequence, long captureTimeMillis, long ptsMicros, int width, int height, byte[] pixels,
        PreparedInput input, InputPreparation preparation, Motion motion, ClipRecorder recorder)
        implements CameraEvent {

    /** A frame with its prepared input and motion, and no recorder. */
    public VideoFrame(String streamId, long sequence, long captureTimeMillis, long ptsMicros, int width, int height, byte[] pixels,
            PreparedInput input, InputPreparation preparation, Motion motion) {
        this(streamId, sequence, captureTimeMillis, ptsMicros, width, height, pixels, input, preparation, motion, null);
    }

    /** A frame with pixels only. */
    public VideoFrame(String streamId, long sequence, long captureTimeMillis, long ptsMicros, int width, int height, byte[] pixels) {
        this(streamId, sequence, captureTimeMillis, ptsMicros, width, height, pixels, null, null, null);
    }

    /** A frame with its prepared input and no motion measured. */
    public VideoFrame(String streamId, long sequence, long captureTimeMillis, long ptsMicros, int width, int height, byte[] pixels,
            PreparedInput input, InputPreparation preparation) {
        this(streamId, sequence, captureTimeMillis, ptsMicros, width, height, pixels, input, preparation, null);
    }

    public VideoFrame {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(pixels, "pixels");
        if (pixels.length != width * height * 3) {
            throw new IllegalArgumentException(
                    "BGR24 frame " + width + "x" + height + " needs " + width * height * 3 + " bytes, got " + pixels.length);
        }
    }

    /** This frame with another sequence number (the pixels are shared, not copied). */
    public VideoFrame withSequence(long newSequence) {
        return new VideoFrame(streamId, newSequence, captureTimeMillis, ptsMicros, width, height, pixels, input, preparation, motion, recorder);
    }

    /** Gives the prepared input's buffer back to its pool: the frame was detected or dropped. */
    public void releaseInput() {
        if (input != null) {
            input.release();
        }
    }

    @Override
    public String toString() {
        return "VideoFrame{" + streamId + " #" + sequence + " " + width + "x" + height + " pts=" + ptsMicros + "us}";
    }
}
