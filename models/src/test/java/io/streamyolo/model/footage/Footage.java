package io.streamyolo.model.footage;

import io.streamyolo.model.BgrFrame;
import io.streamyolo.testing.ShippedFootage;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/** Frames of the real clips shipped in {@code footage/}, decoded by FFmpeg as the cameras are. */
public final class Footage {

    /** The shop CCTV camera: 1920x1080 HEVC, 30 fps, 603 frames, a timestamp burnt in at the top right. */
    public static final String SHOP = ShippedFootage.SHOP;

    private static final Map<String, BgrFrame> CACHE = new HashMap<>();

    private Footage() {}

    public static Path path(String clip) {
        return ShippedFootage.path(clip);
    }

    /** Frame {@code index} (from 0) of a clip, decoded in order from the start (no seek: exact frame). */
    public static synchronized BgrFrame frame(String clip, int index) throws Exception {
        String key = clip + "#" + index;
        BgrFrame cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(path(clip).toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            grabber.start();
            Frame frame = null;
            for (int i = 0; i <= index; i++) {
                frame = grabber.grabImage();
                if (frame == null) {
                    throw new IllegalArgumentException(clip + " has only " + i + " frames");
                }
            }
            // Tightly packed copy: the grabber reuses its buffer, and rows may be padded.
            int row = frame.imageWidth * 3;
            byte[] pixels = new byte[row * frame.imageHeight];
            ByteBuffer source = (ByteBuffer) frame.image[0];
            for (int y = 0; y < frame.imageHeight; y++) {
                source.get(y * frame.imageStride, pixels, y * row, row);
            }
            BgrFrame result = BgrFrame.of(pixels, frame.imageWidth, frame.imageHeight);
            CACHE.put(key, result);
            return result;
        }
    }
}
