package io.streamyolo.source.event;

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
 */
public record VideoFrame(
        String streamId, long sequence, long captureTimeMillis, long ptsMicros, int width, int height, byte[] pixels)
        implements CameraEvent {

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
        return new VideoFrame(streamId, newSequence, captureTimeMillis, ptsMicros, width, height, pixels);
    }

    @Override
    public String toString() {
        return "VideoFrame{" + streamId + " #" + sequence + " " + width + "x" + height + " pts=" + ptsMicros + "us}";
    }
}
