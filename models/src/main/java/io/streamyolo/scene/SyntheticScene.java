package io.streamyolo.scene;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A synthetic camera: a noisy, cluttered static background with shapes of four classes moving and
 * bouncing across it, rendered frame by frame with exact ground-truth boxes.
 *
 * <p>It is the one scene generator of the project: the training script reads its frames (through
 * {@link SceneStream}), and the tests use it for images and videos with known objects. Everything
 * is a pure function of the seed and the frame index, so any frame can be rendered again.
 *
 * <p>Java2D is used here to draw test content only; the detection path never touches it.
 */
public final class SyntheticScene implements SceneSource {

    /** Class names, indexed by class id. */
    public static final List<String> CLASS_NAMES = List.of("circle", "square", "triangle", "star");

    /** Frame sizes a random scene picks from: common 16:9 and 4:3 camera resolutions. */
    private static final int[][] CAMERA_SIZES = {
        {640, 360}, {960, 540}, {1280, 720}, {640, 480}, {800, 600}, {1024, 576}
    };

    private static final int MAX_OBJECTS = 8;
    private static final int NOISE_TABLE_SIZE = 1 << 14;

    private final long seed;
    private final int width;
    private final int height;
    private final byte[] background;
    private final List<MovingShape> shapes;

    /** A scene of the given size with a random number (0 to 8) of objects. */
    public SyntheticScene(long seed, int width, int height) {
        this(seed, width, height, -1);
    }

    /**
     * A scene of the given size.
     *
     * @param objectCount how many objects, or -1 for a random count from 0 to 8
     */
    public SyntheticScene(long seed, int width, int height, int objectCount) {
        if (width < 64 || height < 64) {
            throw new IllegalArgumentException("Scene must be at least 64x64, got " + width + "x" + height);
        }
        this.seed = seed;
        this.width = width;
        this.height = height;
        Random random = new Random(seed);
        this.background = renderBackground(random, width, height);
        int count = objectCount >= 0 ? objectCount : random.nextInt(MAX_OBJECTS + 1);
        this.shapes = placeShapes(random, count);
    }

    /** A scene with a random camera resolution and object count, both drawn from the seed. */
    public static SyntheticScene random(long seed) {
        int[] size = CAMERA_SIZES[new Random(seed ^ 0x5DEECE66DL).nextInt(CAMERA_SIZES.length)];
        return new SyntheticScene(seed, size[0], size[1]);
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int objectCount() {
        return shapes.size();
    }

    /** Renders one frame as packed BGR24 ({@code width * height * 3} bytes, no row padding). */
    @Override
    public byte[] render(int frameIndex) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        System.arraycopy(background, 0, pixels, 0, pixels.length);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        for (MovingShape shape : shapes) {
            double[] c = shape.centreAt(frameIndex);
            g.setColor(shape.color);
            g.fill(AffineTransform.getTranslateInstance(c[0], c[1]).createTransformedShape(shape.outline));
        }
        g.dispose();
        // Light per-frame noise, as from a camera sensor; it also makes each frame differ.
        addNoise(pixels, width, height, new Random(seed * 31 + frameIndex), 4, 2);
        return pixels;
    }

    /** The boxes of every object in the given frame, in frame pixels. */
    public List<GroundTruthBox> groundTruth(int frameIndex) {
        List<GroundTruthBox> boxes = new ArrayList<>(shapes.size());
        for (MovingShape shape : shapes) {
            double[] c = shape.centreAt(frameIndex);
            Rectangle2D b = shape.bounds;
            boxes.add(
                    new GroundTruthBox(
                            shape.classId,
                            (float) Math.max(0, c[0] + b.getMinX()),
                            (float) Math.max(0, c[1] + b.getMinY()),
                            (float) Math.min(width, c[0] + b.getMaxX()),
                            (float) Math.min(height, c[1] + b.getMaxY())));
        }
        return boxes;
    }

    // ------------------------------------------------------------------------------------------

    /**
     * The static background: gradient, clutter and texture noise, drawn from {@code random}. Shared
     * with {@link TrackingScene}; the sequence of draws must not change (SyntheticSceneUnchangedTest).
     */
    static byte[] renderBackground(Random random, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        // A dull gradient, like a wall or a road under uneven light.
        Color from = dullColor(random);
        Color to = dullColor(random);
        boolean vertical = random.nextBoolean();
        g.setPaint(new GradientPaint(0, 0, from, vertical ? 0 : width, vertical ? height : 0, to));
        g.fillRect(0, 0, width, height);
        // Clutter: large translucent bars and thin lines that are none of the classes.
        int bars = random.nextInt(4);
        for (int i = 0; i < bars; i++) {
            g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.15f + random.nextFloat() * 0.25f));
            g.setColor(dullColor(random));
            int w = (int) (width * (0.3 + random.nextDouble() * 0.4));
            int h = (int) (w / (2.5 + random.nextDouble() * 2));
            if (random.nextBoolean()) {
                int t = w;
                w = h;
                h = t;
            }
            g.fillRect(random.nextInt(width) - w / 2, random.nextInt(height) - h / 2, w, h);
        }
        g.setComposite(AlphaComposite.SrcOver);
        int lines = 2 + random.nextInt(7);
        for (int i = 0; i < lines; i++) {
            g.setColor(vividColor(random));
            g.setStroke(new BasicStroke(1 + random.nextInt(4)));
            g.drawLine(random.nextInt(width), random.nextInt(height), random.nextInt(width), random.nextInt(height));
        }
        g.dispose();
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        // Static texture noise, different strength per scene.
        int amplitude = random.nextInt(24);
        if (amplitude > 0) {
            addNoise(pixels, width, height, random, amplitude, 1);
        }
        return pixels;
    }

    private List<MovingShape> placeShapes(Random random, int count) {
        List<MovingShape> placed = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            for (int attempt = 0; attempt < 30; attempt++) {
                MovingShape candidate = randomShape(random);
                if (placed.stream().noneMatch(other -> candidate.overlapsAtStart(other))) {
                    placed.add(candidate);
                    break;
                }
            }
        }
        return placed;
    }

    private MovingShape randomShape(Random random) {
        int classId = random.nextInt(CLASS_NAMES.size());
        // Object size: 7% to 20% of the frame's shorter side... of width, as objects on a camera.
        double size = Math.min(width, height * 16 / 9.0) * (0.07 + random.nextDouble() * 0.13);
        double angle = random.nextDouble() * Math.PI * 2;
        Shape outline = outline(classId, size / 2, angle);
        Rectangle2D bounds = outline.getBounds2D();
        double minX = -bounds.getMinX();
        double maxX = width - bounds.getMaxX();
        double minY = -bounds.getMinY();
        double maxY = height - bounds.getMaxY();
        double x = minX + random.nextDouble() * (maxX - minX);
        double y = minY + random.nextDouble() * (maxY - minY);
        // Speed: 0.5 to 3 pixels per frame at 640 pixels wide, in any direction.
        double speed = (0.5 + random.nextDouble() * 2.5) * width / 640.0;
        double heading = random.nextDouble() * Math.PI * 2;
        Color color = contrastingColor(random, (int) x, (int) y);
        return new MovingShape(
                classId, outline, bounds, color, x, y, speed * Math.cos(heading), speed * Math.sin(heading),
                minX, maxX, minY, maxY);
    }

    /** Outline of a class's shape centred on the origin; {@code radius} is half its size. */
    static Shape outline(int classId, double radius, double angle) {
        switch (classId) {
            case 0:
                return new Ellipse2D.Double(-radius, -radius, 2 * radius, 2 * radius);
            case 1:
                // Squares turn less than other shapes so that they stay square-looking boxes.
                return polygon(4, radius * Math.sqrt(2), Math.PI / 4 + (angle % 0.6) - 0.3, 0);
            case 2:
                return polygon(3, radius * 1.15, angle, 0);
            case 3:
                return polygon(5, radius * 1.1, angle, radius * 0.45);
            default:
                throw new IllegalArgumentException("Unknown class id " + classId);
        }
    }

    /** A regular polygon, or a star when {@code innerRadius} is positive. */
    private static Shape polygon(int corners, double radius, double angle, double innerRadius) {
        Path2D.Double path = new Path2D.Double();
        int points = innerRadius > 0 ? corners * 2 : corners;
        for (int i = 0; i < points; i++) {
            double r = innerRadius > 0 && i % 2 == 1 ? innerRadius : radius;
            double a = angle + i * 2 * Math.PI / points;
            if (i == 0) {
                path.moveTo(r * Math.cos(a), r * Math.sin(a));
            } else {
                path.lineTo(r * Math.cos(a), r * Math.sin(a));
            }
        }
        path.closePath();
        return path;
    }

    private Color contrastingColor(Random random, int x, int y) {
        int offset = (Math.min(height - 1, Math.max(0, y)) * width + Math.min(width - 1, Math.max(0, x))) * 3;
        int b = background[offset] & 0xFF;
        int g = background[offset + 1] & 0xFF;
        int r = background[offset + 2] & 0xFF;
        Color best = vividColor(random);
        for (int attempt = 0; attempt < 12 && distance(best, r, g, b) < 120; attempt++) {
            best = vividColor(random);
        }
        return best;
    }

    private static double distance(Color c, int r, int g, int b) {
        int dr = c.getRed() - r;
        int dg = c.getGreen() - g;
        int db = c.getBlue() - b;
        return Math.sqrt(dr * dr + dg * dg + db * db);
    }

    static Color vividColor(Random random) {
        return Color.getHSBColor(random.nextFloat(), 0.45f + random.nextFloat() * 0.55f, 0.3f + random.nextFloat() * 0.7f);
    }

    static Color dullColor(Random random) {
        return Color.getHSBColor(random.nextFloat(), random.nextFloat() * 0.35f, 0.2f + random.nextFloat() * 0.7f);
    }

    /**
     * Adds uniform noise in [-amplitude, amplitude] to every {@code step}-th byte. Values come from
     * a small random table read from a random offset per row: a random draw per byte would make
     * scene generation the bottleneck of training.
     */
    static void addNoise(byte[] pixels, int width, int height, Random random, int amplitude, int step) {
        int[] table = new int[NOISE_TABLE_SIZE];
        for (int i = 0; i < table.length; i++) {
            table[i] = random.nextInt(2 * amplitude + 1) - amplitude;
        }
        int rowBytes = width * 3;
        for (int row = 0; row < height; row++) {
            int t = random.nextInt(NOISE_TABLE_SIZE);
            for (int i = row * rowBytes, end = i + rowBytes; i < end; i += step, t++) {
                pixels[i] = clampByte((pixels[i] & 0xFF) + table[t & (NOISE_TABLE_SIZE - 1)]);
            }
        }
    }

    private static byte clampByte(int v) {
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }

    /** One object: a fixed outline translated along a straight path that bounces off the edges. */
    private static final class MovingShape {
        final int classId;
        final Shape outline;
        final Rectangle2D bounds;
        final Color color;
        final double x0;
        final double y0;
        final double vx;
        final double vy;
        final double minX;
        final double maxX;
        final double minY;
        final double maxY;

        MovingShape(
                int classId, Shape outline, Rectangle2D bounds, Color color, double x0, double y0,
                double vx, double vy, double minX, double maxX, double minY, double maxY) {
            this.classId = classId;
            this.outline = outline;
            this.bounds = bounds;
            this.color = color;
            this.x0 = x0;
            this.y0 = y0;
            this.vx = vx;
            this.vy = vy;
            this.minX = minX;
            this.maxX = maxX;
            this.minY = minY;
            this.maxY = maxY;
        }

        double[] centreAt(int frame) {
            return new double[] {bounce(x0 + vx * frame, minX, maxX), bounce(y0 + vy * frame, minY, maxY)};
        }

        boolean overlapsAtStart(MovingShape other) {
            Rectangle2D a = new Rectangle2D.Double(x0 + bounds.getX(), y0 + bounds.getY(), bounds.getWidth(), bounds.getHeight());
            Rectangle2D b = new Rectangle2D.Double(
                    other.x0 + other.bounds.getX(), other.y0 + other.bounds.getY(),
                    other.bounds.getWidth(), other.bounds.getHeight());
            return a.intersects(b);
        }

        /** Position reflected between lo and hi: a triangle wave, so any frame is computed directly. */
        private static double bounce(double p, double lo, double hi) {
            double span = hi - lo;
            if (span <= 0) {
                return lo;
            }
            double u = (p - lo) % (2 * span);
            if (u < 0) {
                u += 2 * span;
            }
            return lo + (u <= span ? u : 2 * span - u);
        }
    }
}
