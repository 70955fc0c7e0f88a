package io.streamyolo.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamyolo.model.Detection;
import io.streamyolo.scene.GroundTruthBox;
import io.streamyolo.scene.SyntheticScene;
import java.util.List;

/**
 * Matches a stream's detection results against the scene it shows.
 *
 * <p>The RTSP path gives no exact frame index: FFmpeg shifts RTSP timestamps when the first RTCP
 * report arrives, and the server may skip frames to stay in real time, so neither a result's
 * {@code pts_ms} nor its {@code frame_seq} maps to the video's frame by a fixed offset. Each
 * result is therefore matched against the ground truth of the best frame within 3 s of its
 * {@code frame_seq}: a detection still has to have the right class and overlap a real object.
 */
final class GroundTruth {

    private static final int WINDOW_FRAMES = 45;

    private GroundTruth() {}

    /** Recall at IoU 0.5 (class must match) over the given results. */
    static double recall(SyntheticScene scene, List<JsonNode> results) {
        int found = 0;
        int total = 0;
        for (JsonNode r : results) {
            int seq = (int) r.path("frame_seq").asLong();
            int best = 0;
            for (int f = Math.max(0, seq - WINDOW_FRAMES); f <= seq + WINDOW_FRAMES; f++) {
                best = Math.max(best, found(scene.groundTruth(f), r.path("data")));
            }
            found += best;
            total += scene.objectCount();
        }
        return total == 0 ? 0 : (double) found / total;
    }

    private static int found(List<GroundTruthBox> truth, JsonNode data) {
        int found = 0;
        for (GroundTruthBox gt : truth) {
            for (JsonNode d : data) {
                JsonNode box = d.get(0);
                if (d.get(1).asInt() == gt.classId() && Detection.iou(gt.x1(), gt.y1(), gt.x2(), gt.y2(),
                        (float) box.get(0).asDouble(), (float) box.get(1).asDouble(),
                        (float) box.get(2).asDouble(), (float) box.get(3).asDouble()) >= 0.5f) {
                    found++;
                    break;
                }
            }
        }
        return found;
    }
}
