package io.streamyolo.dashboard.testutils;

import io.streamyolo.store.CameraState;
import io.streamyolo.store.Preview;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Camera pictures and states as the job stores them, drawn here: a square that moves with time. */
public final class TestCameras {

    public static final int WIDTH = 640;
    public static final int HEIGHT = 360;

    private TestCameras() {}

    /** The square's box at frame {@code seq}: it crosses the picture from left to right in 100 frames. */
    public static int[] box(long seq) {
        int x = (int) (20 + (seq % 100) * 5);
        return new int[] {x, 140, x + 80, 220};
    }

    /** A real JPEG: a grey background, the frame number, and the square of {@link #box}. */
    public static byte[] jpeg(String stream, long seq) {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(70, 80, 90));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(Color.WHITE);
        g.drawString(stream + " frame " + seq, 10, 20);
        int[] b = box(seq);
        g.setColor(new Color(230, 60, 60));
        g.fillRect(b[0], b[1], b[2] - b[0], b[3] - b[1]);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A JPEG about as large as a camera's (40-60 KB at 640x360): the square on a noisy background,
     * as a real scene's texture makes it.
     */
    public static byte[] noisyJpeg(String stream, long seq) {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
        java.util.Random r = new java.util.Random(stream.hashCode() * 31L + seq);
        byte[] pixels = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (90 + r.nextInt(60));
        }
        Graphics2D g = img.createGraphics();
        int[] b = box(seq);
        g.setColor(new Color(230, 60, 60));
        g.fillRect(b[0], b[1], b[2] - b[0], b[3] - b[1]);
        g.setColor(Color.WHITE);
        g.drawString(stream + " frame " + seq, 10, 20);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A preview with a given JPEG and the square's box at frame {@code seq}. */
    public static Preview preview(String stream, long ts, long seq, byte[] jpeg) {
        int[] b = box(seq);
        return new Preview(stream, ts, seq, WIDTH, HEIGHT, jpeg,
                "{\"data\":[[[" + b[0] + "," + b[1] + "," + b[2] + "," + b[3] + "],1,0.93]],\"labels\":[\"square\"],\"track_ids\":[7]}");
    }

    public static Preview preview(String stream, long ts, long seq) {
        int[] b = box(seq);
        return new Preview(stream, ts, seq, WIDTH, HEIGHT, jpeg(stream, seq),
                "{\"data\":[[[" + b[0] + "," + b[1] + "," + b[2] + "," + b[3] + "],1,0.93]],\"labels\":[\"square\"],\"track_ids\":[7]}");
    }

    public static CameraState live(String stream, long ts) {
        return new CameraState(stream, ts, CameraState.LIVE, null, 12.5, 3L, 40L, 5L, 1, "shapes-yolo-320.torchscript",
                "{\"conf\":0.4,\"classes\":[0,2],\"priority\":0,\"max_fps\":5.0}",
                "[{\"name\":\"gate\",\"polygon\":[[0.1,0.5],[0.4,0.5],[0.4,0.9],[0.1,0.9]]}]",
                "[{\"name\":\"door\",\"a\":[0.5,0.0],\"b\":[0.5,1.0],\"in\":\"left\"}]",
                "{\"gate\":1}", "{\"door\":{\"in\":3,\"out\":2}}");
    }

    public static CameraState state(String stream, long ts, String state, String reason) {
        return new CameraState(stream, ts, state, reason, null, null, null, null, null, null, null, null, null, null, null);
    }
}
