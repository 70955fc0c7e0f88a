package io.streamyolo.model.accuracy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamyolo.model.footage.Footage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The ground truth of one clip as {@code footage/labels/<clip>.json} holds it (see the README
 * there): the clip's file name and picture size, and the boxes drawn on some of its frames.
 */
record LabelledClip(String clip, int width, int height, List<LabelledFrame> frames) {

    /** One labelled frame: its index in decode order from 0, its presentation time, its boxes. */
    record LabelledFrame(int index, double timeSeconds, List<TruthBox> boxes) {}

    LabelledClip {
        frames = List.copyOf(frames);
    }

    /** The labels of a shipped clip, found from any module's directory. */
    static LabelledClip forClip(String clipFileName) throws IOException {
        String stem = clipFileName.replaceFirst("\\.[^.]+$", "");
        return read(Footage.path(clipFileName).resolveSibling("labels").resolve(stem + ".json"));
    }

    static LabelledClip read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        int width = required(root, "width", file).asInt();
        int height = required(root, "height", file).asInt();
        List<LabelledFrame> frames = new ArrayList<>();
        int previous = -1;
        for (JsonNode f : required(root, "frames", file)) {
            int index = required(f, "index", file).asInt();
            if (index <= previous) {
                throw new IOException(file + ": frame " + index + " is not after frame " + previous);
            }
            previous = index;
            List<TruthBox> boxes = new ArrayList<>();
            for (JsonNode b : required(f, "boxes", file)) {
                JsonNode xy = required(b, "box", file);
                if (xy.size() != 4) {
                    throw new IOException(file + ": frame " + index + " has a box of " + xy.size() + " numbers, not 4");
                }
                TruthBox box = new TruthBox(required(b, "class", file).asText(), xy.get(0).asInt(), xy.get(1).asInt(),
                        xy.get(2).asInt(), xy.get(3).asInt(), b.path("difficult").asBoolean(false));
                if (box.x1() < 0 || box.y1() < 0 || box.x2() > width || box.y2() > height
                        || box.x1() >= box.x2() || box.y1() >= box.y2()) {
                    throw new IOException(file + ": frame " + index + " has box " + box + " outside "
                            + width + "x" + height + " or empty");
                }
                boxes.add(box);
            }
            frames.add(new LabelledFrame(index, required(f, "time_s", file).asDouble(), boxes));
        }
        return new LabelledClip(required(root, "clip", file).asText(), width, height, frames);
    }

    private static JsonNode required(JsonNode node, String field, Path file) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IOException(file + ": missing \"" + field + "\" in " + node);
        }
        return value;
    }
}
