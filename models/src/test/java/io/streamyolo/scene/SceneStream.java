package io.streamyolo.scene;

import io.streamyolo.model.preprocess.Letterbox;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Writes letterboxed synthetic scenes with their boxes to standard output, for the training script
 * ({@code models/scripts/make_models.py}), so that training and tests share one generator and one
 * letterbox. It lives in the models module's tests, the one place that sees both the detector's
 * letterbox and the scene generator (testing/fixtures), and ships in no jar.
 *
 * <p>Usage: {@code java -cp models/target/test-classes:models/target/classes:testing/fixtures/target/classes
 * io.streamyolo.scene.SceneStream --seed-start S --count N --size 320}. Each record, little-endian:
 * int32 n; n times (int32 class, float32 x1, y1, x2, y2) in input pixels; then size*size*3 bytes of
 * RGB, row-major, channels last.
 *
 * <p>Seed ranges: tests use seeds below 500,000, the held-out evaluation 500,000 to 999,999, and
 * training 1,000,000 and up.
 */
public final class SceneStream {

    private SceneStream() {}

    public static void main(String[] args) throws IOException {
        long seedStart = 1_000_000;
        long count = 1000;
        int size = 320;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--seed-start":
                    seedStart = Long.parseLong(args[i + 1]);
                    break;
                case "--count":
                    count = Long.parseLong(args[i + 1]);
                    break;
                case "--size":
                    size = Integer.parseInt(args[i + 1]);
                    break;
                default:
                    throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(System.out, 1 << 20))) {
            for (long i = 0; i < count; i++) {
                writeRecord(SyntheticScene.random(seedStart + i), size, out);
            }
        }
    }

    static void writeRecord(SyntheticScene scene, int size, OutputStream out) throws IOException {
        Letterbox letterbox = Letterbox.of(scene.width(), scene.height(), size, size);
        float[] planar = new float[3 * size * size];
        letterbox.toPlanarRgb(scene.render(0), planar, 0);
        List<GroundTruthBox> boxes = scene.groundTruth(0);

        ByteBuffer header = ByteBuffer.allocate(4 + boxes.size() * 20).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(boxes.size());
        for (GroundTruthBox box : boxes) {
            header.putInt(box.classId());
            header.putFloat(letterbox.toInputX(box.x1()));
            header.putFloat(letterbox.toInputY(box.y1()));
            header.putFloat(letterbox.toInputX(box.x2()));
            header.putFloat(letterbox.toInputY(box.y2()));
        }
        out.write(header.array());

        int plane = size * size;
        byte[] hwc = new byte[3 * plane];
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < 3; c++) {
                hwc[p * 3 + c] = (byte) Math.round(planar[c * plane + p] * 255f);
            }
        }
        out.write(hwc);
    }
}
