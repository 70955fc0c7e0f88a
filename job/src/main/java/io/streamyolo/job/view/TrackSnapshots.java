package io.streamyolo.job.view;

import io.streamyolo.model.Detection;
import io.streamyolo.source.event.VideoFrame;
import io.streamyolo.store.Box;
import io.streamyolo.store.StoredSnapshot;
import io.streamyolo.track.TrackEvent;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A picture of each tracked object, taken where it is seen best: the frame with its box drawn,
 * and a thumbnail of the box, as JPEGs ({@link Jpeg}), for the event store.
 *
 * <p>Frames exist only in the detection subtask, so the choice is made here and only the small
 * JPEGs go on. A track gets a snapshot when it is first tracked, and a new one when it is seen at
 * least {@link #BETTER_BY} more confidently than in its last, at most once per {@link
 * #MIN_INTERVAL_MILLIS}: each track costs a few encodes, not one per frame. The store keeps the
 * last snapshot of a track. Called on the task thread only.
 */
public final class TrackSnapshots {

    static final float BETTER_BY = 0.05f;
    static final long MIN_INTERVAL_MILLIS = 1000;
    static final int THUMBNAIL_SIZE = 160;

    /** Confidence and capture time of a track's last snapshot. */
    private record Taken(float confidence, long captureMillis) {}

    /** Per stream, per open track: its last snapshot. */
    private final Map<String, Map<Long, Taken>> taken = new HashMap<>();
    private long encodeNanos;
    private long encodes;

    /**
     * The snapshots for one tracked frame.
     *
     * @param trackIds per detection, its track id or -1
     * @param events the frame's track events: tracks that left are forgotten
     */
    public List<StoredSnapshot> take(VideoFrame frame, List<Detection> detections, long[] trackIds, List<TrackEvent> events) {
        Map<Long, Taken> tracks = taken.computeIfAbsent(frame.streamId(), id -> new HashMap<>());
        for (TrackEvent e : events) {
            if (e.kind() == TrackEvent.Kind.OBJECT_LEFT) {
                tracks.remove(e.trackId());
            }
        }
        List<StoredSnapshot> snapshots = new ArrayList<>();
        BufferedImage image = null;
        for (int i = 0; i < detections.size(); i++) {
            long id = trackIds[i];
            Detection d = detections.get(i);
            if (id < 0) {
                continue;
            }
            Taken last = tracks.get(id);
            boolean better = last == null || (d.confidence() >= last.confidence() + BETTER_BY
                    && frame.captureTimeMillis() - last.captureMillis() >= MIN_INTERVAL_MILLIS);
            if (!better) {
                continue;
            }
            long start = System.nanoTime();
            if (image == null) {
                image = Jpeg.image(frame);
            }
            snapshots.add(snapshot(frame, id, d, image));
            encodeNanos += System.nanoTime() - start;
            encodes++;
            tracks.put(id, new Taken(d.confidence(), frame.captureTimeMillis()));
        }
        return snapshots;
    }

    /** A stream that stopped: its open tracks are gone. */
    public void forget(String streamId) {
        taken.remove(streamId);
    }

    /** Snapshots taken so far. */
    public long count() {
        return encodes;
    }

    /** Mean milliseconds per snapshot (frame and thumbnail) so far; 0 before the first. */
    public double meanEncodeMillis() {
        return encodes == 0 ? 0 : encodeNanos / 1e6 / encodes;
    }

    // ------------------------------------------------------------------------------------------

    private static StoredSnapshot snapshot(VideoFrame frame, long trackId, Detection d, BufferedImage image) {
        int x1 = clamp(Math.round(d.x1()), image.getWidth() - 1);
        int y1 = clamp(Math.round(d.y1()), image.getHeight() - 1);
        int x2 = clamp(Math.round(d.x2()), image.getWidth());
        int y2 = clamp(Math.round(d.y2()), image.getHeight());
        BufferedImage thumb = thumbnail(image.getSubimage(x1, y1, Math.max(1, x2 - x1), Math.max(1, y2 - y1)));
        BufferedImage annotated = copy(image);
        Graphics2D g = annotated.createGraphics();
        g.setColor(Color.GREEN);
        g.setStroke(new BasicStroke(Math.max(2f, image.getWidth() / 320f)));
        g.drawRect(x1, y1, Math.max(1, x2 - x1 - 1), Math.max(1, y2 - y1 - 1));
        g.dispose();
        return new StoredSnapshot(frame.streamId(), trackId, frame.captureTimeMillis(),
                StoreValues.decimal(Math.round(d.confidence() * 1000f) / 1000f),
                new Box(StoreValues.decimal(d.x1()), StoreValues.decimal(d.y1()), StoreValues.decimal(d.x2()),
                        StoreValues.decimal(d.y2())),
                Jpeg.encode(annotated), Jpeg.encode(thumb));
    }

    private static BufferedImage copy(BufferedImage image) {
        BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] from = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        System.arraycopy(from, 0, ((DataBufferByte) copy.getRaster().getDataBuffer()).getData(), 0, from.length);
        return copy;
    }

    private static BufferedImage thumbnail(BufferedImage box) {
        double scale = Math.min(1.0, (double) THUMBNAIL_SIZE / Math.max(box.getWidth(), box.getHeight()));
        int w = Math.max(1, (int) Math.round(box.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(box.getHeight() * scale));
        BufferedImage thumb = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = thumb.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(box, 0, 0, w, h, null);
        g.dispose();
        return thumb;
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(v, max));
    }
}
