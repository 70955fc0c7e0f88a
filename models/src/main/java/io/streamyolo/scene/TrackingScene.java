package io.streamyolo.scene;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;

/**
 * A scripted synthetic camera for tracking tests: shapes of the {@link SyntheticScene} classes, on
 * its kind of background, enter and leave the frame at constant velocity, cross each other's paths
 * and pass behind opaque occluders, with ground truth that gives every object a stable identity.
 *
 * <p>Like {@link SyntheticScene}, every frame is a pure function of the seed, the script and the
 * frame index. The seed picks the background (the same as a SyntheticScene of that seed), the
 * colours and the shapes' rotations; the script fixes where and when objects move, so the
 * scenario's facts ({@link #crossings}, {@link #occlusions}, ...) are the same for every seed, but
 * for a frame here or there where a rotation changes a box's edge. Object ids count from 0 in
 * order of entry into the frame; an object that entered later is drawn in front of one that
 * entered earlier, and occluders are drawn in front of all objects.
 *
 * <p>Ground truth ({@link #groundTruth}) lists every object with any part in the frame, its box
 * clipped to the frame, with the fraction of its area that can be seen; objects below {@link
 * TrackedBox#VISIBLE_FRACTION} (entering, leaving, behind an occluder or another object) are not
 * {@linkplain TrackedBox#visible() visible}: a detector need not find them, and a tracker's box on
 * them should be neither credited nor blamed ({@code MotMetrics.addSceneFrame} in the test-jar
 * ignores them).
 *
 * <pre>{@code
 * TrackingScene scene = TrackingScene.standard(7, 640, 360, 600, 15);
 * Path video = SceneVideo.write(scene, dir);   // 600 frames at 15 fps
 * List<SceneEvent> in = scene.crossings(TrackingScene.STANDARD_LINE, BoxAnchor.BOTTOM_CENTER);
 * }</pre>
 */
public final class TrackingScene implements SceneSource {

    /** Length of one cycle of the standard script; {@link #standard} repeats it. */
    public static final double STANDARD_SECONDS = 40;

    /** The standard counting line: x = 0.5, full height, drawn top to bottom (IN is left to right). */
    public static final SceneLine STANDARD_LINE = SceneLine.vertical(0.5);

    /** The standard zone: the lower left quarter, a little in from the frame edges. */
    public static final SceneRect STANDARD_ZONE = new SceneRect(0.05, 0.5, 0.45, 0.9);

    /**
     * The standard scene's one occluder, right of the line: a sign hanging from the top, a tenth of
     * the width wide and half the height tall. Objects in the upper band pass behind it.
     */
    public static final SceneRect STANDARD_OCCLUDER = new SceneRect(0.67, 0, 0.77, 0.5);

    /** Bumped whenever rendering changes, so that {@link SceneVideo} does not reuse an old video. */
    private static final int RENDER_VERSION = 1;

    private final long seed;
    private final int width;
    private final int height;
    private final int fps;
    private final int frames;
    private final List<SceneRect> occluders;
    private final List<ScriptedObject> script;
    private final byte[] background;
    /** The background with the occluders drawn; only the occluders' pixels are copied from it. */
    private final byte[] occluderLayer;
    private final List<SceneActor> actors;

    /**
     * A scene of the given script.
     *
     * @param fps frame rate the script's seconds and velocities are converted with
     * @param frames the scene's length: objects that enter later are left out and the facts cover
     *     frames {@code 0 .. frames - 1}
     * @param occluders opaque rectangles drawn over the objects
     */
    public TrackingScene(
            long seed, int width, int height, int fps, int frames, List<ScriptedObject> script, List<SceneRect> occluders) {
        if (width < 64 || height < 64) {
            throw new IllegalArgumentException("Scene must be at least 64x64, got " + width + "x" + height);
        }
        if (fps <= 0 || frames <= 0) {
            throw new IllegalArgumentException("Expected positive fps and frames, got " + fps + " and " + frames);
        }
        this.seed = seed;
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.frames = frames;
        this.script = List.copyOf(script);
        this.occluders = List.copyOf(occluders);
        // Same background as a SyntheticScene of this seed; the draws that follow are the scene's own.
        Random random = new Random(seed);
        this.background = SyntheticScene.renderBackground(random, width, height);
        this.occluderLayer = renderOccluders(random);
        this.actors = placeActors(random);
    }

    /**
     * The standard scenario, {@link #STANDARD_SECONDS} long and repeated to fill {@code frames}
     * with new object ids each cycle. In each cycle 13 objects (11% to 14% of the width wide,
     * moving 8 to 15 pixels per frame at 640x360 and 15 fps) pass through the frame; 12 cross {@link
     * #STANDARD_LINE}, 6 in each direction, each once and while visible; two pairs cross each
     * other's paths (objects 4 and 5: the rear one stays visible; 10 and 11: a square hides a
     * star); and 5 objects are hidden for a while (0, 7, 9, 12 behind {@link #STANDARD_OCCLUDER}
     * and 10 behind 11), for 6 to 9 frames at 15 fps. At most 3 are in view at once. The script is
     * in seconds, so at 30 fps everything takes twice as many frames.
     */
    public static TrackingScene standard(long seed, int width, int height, int frames, int fps) {
        List<ScriptedObject> script = new ArrayList<>();
        for (int cycle = 0; cycle * STANDARD_SECONDS * fps < frames; cycle++) {
            for (ScriptedObject object : StandardScript.OBJECTS) {
                script.add(object.delayed(cycle * STANDARD_SECONDS));
            }
        }
        return new TrackingScene(seed, width, height, fps, frames, script, List.of(STANDARD_OCCLUDER));
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

    public int fps() {
        return fps;
    }

    public int frames() {
        return frames;
    }

    public List<SceneRect> occluders() {
        return occluders;
    }

    /** How many objects are in the frame at some point of frames {@code 0 .. frames - 1}. */
    @Override
    public int objectCount() {
        return actors.size();
    }

    @Override
    public String name() {
        int digest = Objects.hash(RENDER_VERSION, fps, frames, script, occluders);
        return String.format(Locale.ROOT, "tracking-%d-%dx%d-%dobj-%08x", seed, width, height, actors.size(), digest);
    }

    /**
     * Renders one frame as packed BGR24 ({@code width * height * 3} bytes, no row padding). Past
     * {@link #frames()}, objects that were in the frame at its end go on; no new ones come.
     */
    @Override
    public byte[] render(int frameIndex) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        System.arraycopy(background, 0, pixels, 0, pixels.length);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        for (SceneActor actor : actors) {
            if (actor.presentAt(frameIndex)) {
                g.setColor(actor.color);
                g.fill(actor.shapeAt(frameIndex));
            }
        }
        g.dispose();
        for (SceneRect occluder : occluders) {
            int[] r = occluder.pixels(width, height);
            for (int y = Math.max(0, r[1]); y < Math.min(height, r[1] + r[3]); y++) {
                int from = (y * width + Math.max(0, r[0])) * 3;
                int to = (y * width + Math.min(width, r[0] + r[2])) * 3;
                System.arraycopy(occluderLayer, from, pixels, from, Math.max(0, to - from));
            }
        }
        // The same per-frame sensor noise as SyntheticScene.
        SyntheticScene.addNoise(pixels, width, height, new Random(seed * 31 + frameIndex), 4, 2);
        return pixels;
    }

    /**
     * Every object in the frame in the given frame, visible or not, in id order: boxes clipped to
     * the frame, with how much of each can be seen.
     */
    public List<TrackedBox> groundTruth(int frameIndex) {
        List<TrackedBox> boxes = new ArrayList<>();
        for (int i = 0; i < actors.size(); i++) {
            SceneActor actor = actors.get(i);
            if (!actor.presentAt(frameIndex)) {
                continue;
            }
            double[] c = actor.centreAt(frameIndex);
            Rectangle2D b = actor.bounds;
            boxes.add(new TrackedBox(
                    actor.id,
                    actor.classId,
                    (float) Math.max(0, c[0] + b.getMinX()),
                    (float) Math.max(0, c[1] + b.getMinY()),
                    (float) Math.min(width, c[0] + b.getMaxX()),
                    (float) Math.min(height, c[1] + b.getMaxY()),
                    (float) visibility(i, frameIndex)));
        }
        return boxes;
    }

    /** {@code OBJECT_ENTERED} and {@code OBJECT_LEFT} of every object, in frame order. */
    public List<SceneEvent> objectEvents() {
        return facts().objectEvents();
    }

    /**
     * Every crossing of the line by an object's anchor (boxes as {@link #groundTruth} gives them,
     * clipped), in frame order; see {@link SceneLine} for the direction convention. A crossing is
     * dated at the first frame on the new side.
     */
    public List<SceneEvent> crossings(SceneLine line, BoxAnchor anchor) {
        return facts().crossings(line, anchor);
    }

    /** {@code ZONE_ENTERED} and {@code ZONE_LEFT} of every object for the zone, in frame order. */
    public List<SceneEvent> zoneEvents(SceneRect zone, BoxAnchor anchor) {
        return facts().zoneEvents(zone, anchor);
    }

    /** Every run of frames in which an object in the scene is hidden between two visible frames. */
    public List<Occlusion> occlusions() {
        return facts().occlusions();
    }

    // ------------------------------------------------------------------------------------------

    private TrackingFacts facts() {
        return new TrackingFacts(this::groundTruth, frames, width, height);
    }

    private byte[] renderOccluders(Random random) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        System.arraycopy(background, 0, pixels, 0, pixels.length);
        Graphics2D g = image.createGraphics();
        for (SceneRect occluder : occluders) {
            // A dull sign or pillar, shaded across like a round column, with a lighter edge each side.
            int[] r = occluder.pixels(width, height);
            Color dark = SyntheticScene.dullColor(random).darker();
            Color light = SyntheticScene.dullColor(random);
            g.setPaint(new GradientPaint(r[0], 0, dark, r[0] + r[2] / 2f, 0, light, true));
            g.fillRect(r[0], r[1], r[2], r[3]);
            g.setColor(light.brighter());
            g.fillRect(r[0], r[1], Math.max(1, r[2] / 20), r[3]);
            g.fillRect(r[0] + r[2] - Math.max(1, r[2] / 20), r[1], Math.max(1, r[2] / 20), r[3]);
        }
        g.dispose();
        SyntheticScene.addNoise(pixels, width, height, random, 6, 1);
        return pixels;
    }

    /** Turns the script into actors, drawing rotations and colours in script order, ids by entry. */
    private List<SceneActor> placeActors(Random random) {
        List<SceneActor> placed = new ArrayList<>();
        for (int i = 0; i < script.size(); i++) {
            ScriptedObject object = script.get(i);
            double angle = random.nextDouble() * Math.PI * 2;
            SceneActor actor = new SceneActor(
                    i, object, SyntheticScene.outline(object.classId(), object.size() * width / 2, angle), width, height, fps, frames);
            actor.color = colourFor(actor, random);
            if (actor.first <= actor.last) {
                placed.add(actor);
            }
        }
        placed.sort(Comparator.comparingInt((SceneActor a) -> a.first).thenComparingInt(a -> a.scriptIndex));
        for (int id = 0; id < placed.size(); id++) {
            placed.get(id).id = id;
        }
        return List.copyOf(placed);
    }

    /** A vivid colour far from the background along the actor's path and from the occluders. */
    private Color colourFor(SceneActor actor, Random random) {
        List<int[]> samples = new ArrayList<>();
        for (int k = 0; k <= 8 && actor.first <= actor.last; k++) {
            double[] c = actor.centreAt(actor.first + (actor.last - actor.first) * k / 8);
            int x = (int) Math.min(width - 1, Math.max(0, c[0]));
            int y = (int) Math.min(height - 1, Math.max(0, c[1]));
            samples.add(new int[] {x, y});
        }
        for (SceneRect occluder : occluders) {
            int[] r = occluder.pixels(width, height);
            samples.add(new int[] {Math.min(width - 1, r[0] + r[2] / 2), Math.min(height - 1, r[1] + r[3] / 2)});
        }
        Color best = SyntheticScene.vividColor(random);
        double bestDistance = minDistance(best, samples);
        for (int attempt = 0; attempt < 12 && bestDistance < 120; attempt++) {
            Color candidate = SyntheticScene.vividColor(random);
            double distance = minDistance(candidate, samples);
            if (distance > bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    private double minDistance(Color color, List<int[]> samples) {
        double min = Double.MAX_VALUE;
        for (int[] s : samples) {
            byte[] layer = isOccluded(s[0], s[1]) ? occluderLayer : background;
            int o = (s[1] * width + s[0]) * 3;
            int db = color.getBlue() - (layer[o] & 0xFF);
            int dg = color.getGreen() - (layer[o + 1] & 0xFF);
            int dr = color.getRed() - (layer[o + 2] & 0xFF);
            min = Math.min(min, Math.sqrt(dr * dr + dg * dg + db * db));
        }
        return min;
    }

    private boolean isOccluded(int x, int y) {
        for (SceneRect occluder : occluders) {
            int[] r = occluder.pixels(width, height);
            if (x >= r[0] && x < r[0] + r[2] && y >= r[1] && y < r[1] + r[3]) {
                return true;
            }
        }
        return false;
    }

    /** The visible fraction of actor {@code index}: in frame, not under an occluder or a later actor. */
    private double visibility(int index, int frame) {
        SceneActor actor = actors.get(index);
        Shape shape = actor.shapeAt(frame);
        Rectangle2D box = shape.getBounds2D();
        // Everything that may cover part of the shape; most of the time nothing does, and the
        // exact area computation, the costly part, is skipped.
        List<Shape> covers = new ArrayList<>();
        for (SceneRect occluder : occluders) {
            int[] r = occluder.pixels(width, height);
            covers.add(new Rectangle2D.Double(r[0], r[1], r[2], r[3]));
        }
        for (int j = index + 1; j < actors.size(); j++) {
            if (actors.get(j).presentAt(frame)) {
                covers.add(actors.get(j).shapeAt(frame));
            }
        }
        covers.removeIf(cover -> !cover.getBounds2D().intersects(box));
        Rectangle2D frameRect = new Rectangle2D.Double(0, 0, width, height);
        if (covers.isEmpty() && frameRect.contains(box)) {
            return 1;
        }
        Area visible = new Area(shape);
        visible.intersect(new Area(frameRect));
        for (Shape cover : covers) {
            visible.subtract(new Area(cover));
        }
        return Math.min(1, SceneActor.area(visible) / actor.area);
    }
}
