package io.streamyolo.job.detect;

import io.streamyolo.source.event.VideoFrame;

/**
 * What a result says of its frame, without the pixels: a frame between detections waits as this
 * ({@link PredictedFrames}), so that a slow batch holds no megabytes of pixels per waiting frame.
 */
record FrameTimes(String streamId, long sequence, long captureTimeMillis, long ptsMicros, int width, int height) {

    static FrameTimes of(VideoFrame frame) {
        return new FrameTimes(frame.streamId(), frame.sequence(), frame.captureTimeMillis(), frame.ptsMicros(), frame.width(),
                frame.height());
    }
}
