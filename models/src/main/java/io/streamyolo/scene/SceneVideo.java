package io.streamyolo.scene;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Writes H.264 MP4 videos of synthetic scenes with FFmpeg: frame {@code i} shows {@code
 * scene.render(i)} at presentation time {@code i / fps}, so its ground truth is {@code
 * scene.groundTruth(i)}. Used by the tests and for the demo cameras.
 *
 * <p>Usage: {@code java -cp ... io.streamyolo.scene.SceneVideo OUT_DIR SEED... [--seconds S]
 * [--fps F] [--size WxH] [--tracking]}; prints the paths written. {@code --tracking} writes {@link
 * TrackingScene#standard} scenarios instead of bouncing shapes.
 */
public final class SceneVideo {

    private SceneVideo() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int seconds = 60;
        int fps = 15;
        int width = 640;
        int height = 360;
        boolean tracking = false;
        java.util.List<Long> seeds = new java.util.ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--fps" -> fps = Integer.parseInt(args[++i]);
                case "--size" -> {
                    String[] wh = args[++i].toLowerCase(Locale.ROOT).split("x");
                    width = Integer.parseInt(wh[0]);
                    height = Integer.parseInt(wh[1]);
                }
                case "--tracking" -> tracking = true;
                default -> seeds.add(Long.parseLong(args[i]));
            }
        }
        for (long seed : seeds) {
            SceneSource scene = tracking
                    ? TrackingScene.standard(seed, width, height, seconds * fps, fps)
                    : new SyntheticScene(seed, width, height, 3 + (int) (seed % 4));
            System.out.println(write(scene, seconds * fps, fps, dir).toAbsolutePath());
        }
    }

    /**
     * Writes the video (keyframe every second) unless the same one exists already; returns its path.
     * A {@link TrackingScene} moves its objects per frame at its own frame rate: pass its {@code
     * fps()}, or use {@link #write(TrackingScene, Path)}.
     */
    public static Path write(SceneSource scene, int frames, int fps, Path dir) throws Exception {
        Files.createDirectories(dir);
        Path file = dir.resolve(String.format(Locale.ROOT, "%s-%df-%dfps.mp4", scene.name(), frames, fps));
        if (Files.isRegularFile(file) && Files.size(file) > 0) {
            return file;
        }
        Path partial = dir.resolve(file.getFileName() + ".part.mp4");
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(partial.toFile(), scene.width(), scene.height(), 0)) {
            recorder.setFormat("mp4");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            recorder.setFrameRate(fps);
            recorder.setGopSize(fps);
            recorder.setVideoBitrate(2_000_000);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.start();
            Frame frame = new Frame(scene.width(), scene.height(), Frame.DEPTH_UBYTE, 3);
            int rowBytes = scene.width() * 3;
            for (int i = 0; i < frames; i++) {
                byte[] bgr = scene.render(i);
                ByteBuffer buf = (ByteBuffer) frame.image[0];
                for (int y = 0; y < scene.height(); y++) {
                    buf.position(y * frame.imageStride);
                    buf.put(bgr, y * rowBytes, rowBytes);
                }
                buf.rewind();
                recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
            }
            recorder.stop();
        }
        Files.move(partial, file);
        return file;
    }

    /** Writes the whole tracking scenario at its frame rate: frames {@code 0 .. scene.frames() - 1}. */
    public static Path write(TrackingScene scene, Path dir) throws Exception {
        return write(scene, scene.frames(), scene.fps(), dir);
    }
}
