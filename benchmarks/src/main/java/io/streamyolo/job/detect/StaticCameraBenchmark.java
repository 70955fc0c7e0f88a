package io.streamyolo.job.detect;

import io.streamyolo.control.settings.MotionSettings;
import io.streamyolo.model.BgrFrame;
import io.streamyolo.model.DetectorConfig;
import io.streamyolo.model.YoloDetector;
import io.streamyolo.source.event.VideoFrame;
import io.streamyolo.source.motion.Motion;
import io.streamyolo.source.motion.MotionDetector;
import io.streamyolo.testing.ShippedFootage;
import io.streamyolo.testing.ShippedModels;
import io.streamyolo.track.TrackerConfig;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * What a camera showing a still scene costs with motion gating on and off, at the same frame rate:
 * the process's CPU time per frame for decoding (FFmpeg, the hall clip's first 5.5 s, an empty
 * room, over and over), the motion detector and the gate (on only), and the model on the frames
 * that go to it (the default keepalive of 5 s lets one in 50 through at 10 fps). Runs off and on
 * alternately, twice, in one JVM; ONNX Runtime's threads count, since the process's CPU is measured.
 *
 * <p>Run: {@code bin/bench-motion --static [MODEL] [FRAMES]} (default: the shipped shapes model,
 * ONNX, 300 frames per run).
 */
public final class StaticCameraBenchmark {

    /** Frames of the hall clip before the first person appears (at frame 60). */
    private static final int EMPTY_FRAMES = 56;
    private static final long FRAME_MS = 100;
    private static final com.sun.management.OperatingSystemMXBean CPU =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private StaticCameraBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path model = args.length > 0 ? Path.of(args[0]) : ShippedModels.path(ShippedModels.SHAPES_ONNX);
        int frames = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        try (YoloDetector detector = YoloDetector.load(DetectorConfig.builder().setModelPath(model).optCpu().build())) {
            System.out.printf(Locale.ROOT, "cores=%d, model %s, %d frames of a still scene (768x432, 10 fps) per run%n",
                    Runtime.getRuntime().availableProcessors(), model.getFileName(), frames);
            for (Mode mode : Mode.values()) {
                run(detector, mode, 50); // warm-up: JIT, the engine's first passes
            }
            for (int i = 0; i < 2; i++) {
                double off = run(detector, Mode.OFF, frames);
                double on = run(detector, Mode.ON, frames);
                double decodeOnly = run(detector, Mode.DECODE_ONLY, frames);
                System.out.printf(Locale.ROOT, "run %d: gating off %.2f ms CPU per frame, gating on %.2f ms (%.1f %% of off); "
                        + "decoding alone %.2f ms (%.1f %% of off)%n", i + 1, off, on, 100 * on / off, decodeOnly, 100 * decodeOnly / off);
            }
        }
    }

    /** Gating off (every frame detected), on, or neither motion nor model (what decoding alone costs). */
    private enum Mode { OFF, ON, DECODE_ONLY }

    /** The process's CPU milliseconds per frame. */
    private static double run(YoloDetector detector, Mode mode, int frames) throws Exception {
        boolean gated = mode == Mode.ON;
        MotionDetector motion = new MotionDetector(MotionSettings.NONE);
        MotionGate gate = new MotionGate(TrackerConfig.defaults().lostTimeoutMs());
        int detected = 0;
        long cpuStart = CPU.getProcessCpuTime();
        int n = 0;
        while (n < frames) {
            try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(ShippedFootage.path(ShippedFootage.HALL).toFile())) {
                grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
                grabber.setVideoOption("threads", "1"); // as the decoder threads do
                grabber.start();
                Frame f;
                for (int i = 0; i < EMPTY_FRAMES && n < frames && (f = grabber.grabImage()) != null; i++, n++) {
                    byte[] pixels = new byte[f.imageWidth * f.imageHeight * 3];
                    ByteBuffer src = ((ByteBuffer) f.image[0]).duplicate();
                    for (int y = 0; y < f.imageHeight; y++) {
                        src.position(y * f.imageStride);
                        src.get(pixels, y * f.imageWidth * 3, f.imageWidth * 3);
                    }
                    Motion m = gated ? motion.update(pixels, f.imageWidth, f.imageHeight) : null;
                    VideoFrame frame = new VideoFrame("still", n, n * FRAME_MS, 0, f.imageWidth, f.imageHeight, pixels, null, null, m);
                    if (mode != Mode.DECODE_ONLY && gate.admits(frame)) {
                        int boxes = detector.detect(BgrFrame.of(pixels, f.imageWidth, f.imageHeight)).size();
                        gate.detected("still", frame.captureTimeMillis(), boxes);
                        detected++;
                    }
                }
            }
        }
        double ms = (CPU.getProcessCpuTime() - cpuStart) / 1e6 / frames;
        if (frames > 50) {
            System.out.printf(Locale.ROOT, "  %s: %d of %d frames detected%n", mode, detected, frames);
        }
        return ms;
    }
}
