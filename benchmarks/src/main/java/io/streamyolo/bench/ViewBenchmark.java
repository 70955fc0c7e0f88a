package io.streamyolo.bench;

import io.streamyolo.job.track.CameraTrackers;
import io.streamyolo.job.view.CameraRecords;
import io.streamyolo.job.view.TrackSnapshots;
import io.streamyolo.model.Detection;
import io.streamyolo.model.ModelMetadata;
import io.streamyolo.scene.SyntheticScene;
import io.streamyolo.source.event.VideoFrame;
import io.streamyolo.track.TrackEvent;
import io.streamyolo.track.TrackerConfig;
import java.util.List;
import java.util.Locale;

/**
 * What pictures cost the detection subtask: milliseconds per track snapshot (the frame with its
 * box, and a thumbnail, as JPEGs) and per camera preview (the frame as a JPEG), at two sizes.
 *
 * <p>Run: {@code bin/bench-views}
 */
public final class ViewBenchmark {

    private ViewBenchmark() {}

    public static void main(String[] args) {
        System.out.printf(Locale.ROOT, "%10s %18s %18s%n", "frame", "snapshot ms", "preview ms");
        for (int[] size : new int[][] {{640, 360}, {1280, 720}}) {
            int w = size[0];
            int h = size[1];
            SyntheticScene scene = new SyntheticScene(900_100, w, h, 4);
            byte[] pixels = scene.render(0);
            ModelMetadata metadata = new ModelMetadata(SyntheticScene.CLASS_NAMES, 320, 320, 32, "");
            List<Detection> boxes = List.of(new Detection(w * 0.2f, h * 0.3f, w * 0.35f, h * 0.6f, 1, 0.9f));
            TrackSnapshots snapshots = new TrackSnapshots();
            CameraRecords cameras = new CameraRecords(1000, new CameraTrackers(TrackerConfig.defaults()));
            int n = 200;
            for (int i = 0; i < 2 * n; i++) {
                // A new track id each time: every call takes a snapshot.
                VideoFrame frame = new VideoFrame("b", i, 1_000_000L + i * 10L, 0, w, h, pixels);
                snapshots.take(frame, boxes, new long[] {i + 1}, List.<TrackEvent>of());
                cameras.detected(frame, boxes, new long[] {i + 1}, "m", metadata);
            }
            System.out.printf(Locale.ROOT, "%10s %18.2f %18.2f%n", w + "x" + h, snapshots.meanEncodeMillis(), cameras.meanEncodeMillis());
        }
    }
}
