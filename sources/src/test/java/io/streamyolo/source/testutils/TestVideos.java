package io.streamyolo.source.testutils;

import io.streamyolo.scene.SyntheticScene;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Writes H.264 MP4 videos of synthetic scenes (known moving objects, ground truth per frame index)
 * with FFmpeg, for the RTSP server to serve. Videos are cached by name in the build directory.
 */
public final class TestVideos {

    private TestVideos() {}

    /**
     * A video of {@code scene}, {@code frames} frames at {@code fps}, keyframe every second.
     * Frame {@code i} shows {@code scene.render(i)} and has presentation time {@code i / fps}.
     */
    public static Path write(SyntheticScene scene, int frames, int fps, Path dir) throws Exception {
        Files.createDirectories(dir);
        Path file = dir.resolve(String.format("scene-%d-%dx%d-%df-%dfps.mp4", scene.seed(), scene.width(), scene.height(), frames, fps));
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
            for (int i = 0; i < frames; i++) {
                byte[] bgr = scene.render(i);
                ByteBuffer buf = (ByteBuffer) frame.image[0];
                buf.clear();
                for (int y = 0; y < scene.height(); y++) {
                    buf.position(y * frame.imageStride);
                    buf.put(bgr, y * scene.width() * 3, scene.width() * 3);
                }
                buf.rewind();
                recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
            }
            recorder.stop();
        }
        Files.move(partial, file);
        return file;
    }
}
