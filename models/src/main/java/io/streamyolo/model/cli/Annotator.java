package io.streamyolo.model.cli;

import io.streamyolo.model.BgrFrame;
import io.streamyolo.model.Detection;
import io.streamyolo.model.YoloDetector;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Draws boxes and labels on {@link DetectCommand}'s images, one colour per class, and writes them as JPEG. */
final class Annotator {
    private final YoloDetector detector;
    private final Path out;

    Annotator(YoloDetector detector, Path out) {
        this.detector = detector;
        this.out = out;
    }

    void write(BufferedImage image, List<Detection> detections, String fileName) throws IOException {
        Graphics2D g = image.createGraphics();
        int thickness = Math.max(2, image.getWidth() / 400);
        g.setStroke(new BasicStroke(thickness));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, image.getWidth() / 70)));
        for (Detection d : detections) {
            Color color = Color.getHSBColor((d.classId() * 0.618034f) % 1f, 0.85f, 1f);
            g.setColor(color);
            g.drawRect(Math.round(d.x1()), Math.round(d.y1()), Math.round(d.x2() - d.x1()), Math.round(d.y2() - d.y1()));
            String label = String.format(Locale.ROOT, "%s %.2f", detector.className(d.classId()), d.confidence());
            int textHeight = g.getFontMetrics().getHeight();
            int textWidth = g.getFontMetrics().stringWidth(label);
            int top = Math.max(0, Math.round(d.y1()) - textHeight);
            g.fillRect(Math.round(d.x1()), top, textWidth + 6, textHeight);
            g.setColor(Color.BLACK);
            g.drawString(label, Math.round(d.x1()) + 3, top + g.getFontMetrics().getAscent());
        }
        g.dispose();
        ImageIO.write(image, "jpg", out.resolve(fileName).toFile());
    }

    // ------------------------------------------------------------------------------------------
    // The images as BGR pixels, for the detector, and back.

    /** An image file as BGR pixels, converted where it has another layout. */
    static BufferedImage readBgr(Path path) throws IOException {
        BufferedImage image = ImageIO.read(path.toFile());
        if (image == null) {
            throw new IOException("not a readable image: " + path);
        }
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            return image;
        }
        BufferedImage bgr = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = bgr.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return bgr;
    }

    /** The pixels of a BGR image, not a copy. */
    static byte[] pixels(BufferedImage bgr) {
        return ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
    }

    /** A copy of a frame as an image, without its row padding. */
    static BufferedImage toImage(BgrFrame frame) {
        BufferedImage image = new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = pixels(image);
        int row = frame.width() * 3;
        for (int y = 0; y < frame.height(); y++) {
            frame.pixels().get(y * frame.rowStride(), dst, y * row, row);
        }
        return image;
    }
}
