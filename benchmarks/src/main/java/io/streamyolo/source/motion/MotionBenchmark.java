package io.streamyolo.source.motion;

import io.streamyolo.control.settings.MotionSettings;
import io.streamyolo.testing.ShippedFootage;
import io.streamyolo.track.zone.Point;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * Prints what the motion detector costs and what it skips, on the shipped clips:
 *
 * <ul>
 *   <li>its CPU time per frame on the decoder thread (one thread, JIT warm), at 640x360 and 1920x1080
 *       input (frames of the shop clip, decoded at both sizes);
 *   <li>per clip, with the default settings (the shop with a mask over its burnt-in clock, and
 *       without it): the share of frames with motion, and the share a gated camera would skip if
 *       it never had boxes (motion and keepalive only: an upper bound of what gating skips).
 * </ul>
 *
 * <p>Run: {@code bin/bench-motion}; {@code bin/bench-motion --static} measures a still camera with gating on and off
 * ({@link io.streamyolo.job.detect.StaticCameraBenchmark}).
 */
public final class MotionBenchmark {

    /** The shop clip's burnt-in date and time, top right. */
    public static final List<Point> SHOP_CLOCK = List.of(new Point(0.67, 0.02), new Point(0.98, 0.02),
            new Point(0.98, 0.11), new Point(0.67, 0.11));

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private MotionBenchmark() {}

    public static void main(String[] args) throws Exception {
        System.out.printf(Locale.ROOT, "cores=%d, small copy %d px wide%n", Runtime.getRuntime().availableProcessors(),
                MotionDetector.WIDTH);
        Path shop = ShippedFootage.path(ShippedFootage.SHOP);
        for (int[] size : new int[][] {{640, 360}, {1920, 1080}}) {
            List<byte[]> frames = decode(shop, size[0], size[1], 60).frames;
            MotionDetector detector = new MotionDetector(MotionSettings.NONE);
            for (int i = 0; i < 2000; i++) { // JIT warm-up
                detector.update(frames.get(i % frames.size()), size[0], size[1]);
            }
            int n = size[0] > 1000 ? 3000 : 6000;
            long start = System.nanoTime();
            long cpuStart = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                detector.update(frames.get(i % frames.size()), size[0], size[1]);
            }
            double cpuMicros = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1000.0 / n;
            double wallMicros = (System.nanoTime() - start) / 1000.0 / n;
            System.out.printf(Locale.ROOT, "cost %dx%d: %.1f us CPU per frame (%.1f us wall)%n", size[0], size[1], cpuMicros,
                    wallMicros);
        }
        System.out.printf(Locale.ROOT, "%-36s %7s %9s %13s%n", "clip (default settings)", "frames", "motion", "skipped (*)");
        clip("hall", ShippedFootage.path(ShippedFootage.HALL), null);
        clip("car park", ShippedFootage.path(ShippedFootage.CAR_PARK), null);
        clip("shop, clock masked", shop, List.of(SHOP_CLOCK));
        clip("shop, no mask", shop, null);
        System.out.println("(*) with motion and keepalive " + MotionSettings.DEFAULT_KEEPALIVE_SECONDS
                + " s only, as for a camera that never has boxes: the most that gating skips");
    }

    private static void clip(String name, Path file, List<List<Point>> masks) throws Exception {
        Clip clip = decode(file, 0, 0, Integer.MAX_VALUE);
        MotionDetector detector = new MotionDetector(new MotionSettings(null, null, null, masks, null));
        int moving = 0;
        int skipped = 0;
        double lastDetected = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < clip.frames.size(); i++) {
            double t = i / clip.fps;
            boolean m = detector.update(clip.frames.get(i), clip.width, clip.height).moving();
            moving += m ? 1 : 0;
            if (m || t - lastDetected >= MotionSettings.DEFAULT_KEEPALIVE_SECONDS) {
                lastDetected = t;
            } else {
                skipped++;
            }
        }
        int n = clip.frames.size();
        System.out.printf(Locale.ROOT, "%-36s %7d %8.1f%% %12.1f%%%n", name + " (" + clip.width + "x" + clip.height + ")", n,
                100.0 * moving / n, 100.0 * skipped / n);
    }

    /** A clip's frames as packed BGR24, scaled by FFmpeg where a size is given. */
    record Clip(List<byte[]> frames, int width, int height, double fps) {}

    static Clip decode(Path file, int width, int height, int max) throws Exception {
        List<byte[]> frames = new ArrayList<>();
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            if (width > 0) {
                grabber.setImageWidth(width);
                grabber.setImageHeight(height);
            }
            grabber.start();
            int w = 0;
            int h = 0;
            Frame f;
            while (frames.size() < max && (f = grabber.grabImage()) != null) {
                w = f.imageWidth;
                h = f.imageHeight;
                byte[] pixels = new byte[w * h * 3];
                ByteBuffer src = ((ByteBuffer) f.image[0]).duplicate();
                for (int y = 0; y < h; y++) {
                    src.position(y * f.imageStride);
                    src.get(pixels, y * w * 3, w * 3);
                }
                frames.add(pixels);
            }
            return new Clip(frames, w, h, grabber.getFrameRate());
        }
    }
}
