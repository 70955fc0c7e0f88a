package io.streamyolo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.scene.SyntheticScene;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scripts of bin/ as a new user runs them: from another working directory, with relative
 * paths, in a checkout where no cluster was ever set up (its own empty work directory). Here, in
 * the last module of the build, because the benchmark scripts run this module's classes.
 */
class BinScriptsITCase {

    private static final Path ROOT = findRoot();

    @Test
    void testBenchJobFromAnotherDirectoryWithARelativeModelPath(@TempDir Path cwd) throws Exception {
        Path model = ROOT.resolve("models/files/shapes-yolo-320.torchscript");
        String relativeModel = cwd.relativize(model).toString();
        assertThat(relativeModel).startsWith("..");
        String out = run(cwd, "bench-job", relativeModel, "2", "1", "1");
        // The table's header, the rows of its one stream count at detect interval 1 (letterbox on
        // the inference thread, then in the decoders) and the ratio of the two.
        assertThat(out).contains("job fps")
                .containsPattern("(?m)^\\s+1\\s+1\\s+inference\\s+-\\s+\\d+\\.\\d\\s+\\d+\\.\\d")
                .containsPattern("(?m)^\\s+1\\s+1\\s+decoders\\s+-\\s+\\d+\\.\\d\\s+\\d+\\.\\d")
                .containsPattern("(?m)^\\s+1 letterbox in the decoders: \\d+\\.\\d\\d of the detected fps");
    }

    @Test
    void testBenchJobNamesAMissingModel(@TempDir Path cwd) throws Exception {
        ProcessBuilder pb = command(cwd, "bench-job", "no/such/model.torchscript");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isNotZero();
        assertThat(out).contains("model file not found: no/such/model.torchscript");
    }

    @Test
    void testBenchTrackerRunsShortFromAnotherDirectory(@TempDir Path cwd) throws Exception {
        String out = run(cwd, "bench-tracker", "200");
        // The header and one row per object count: 0, 10 and 50.
        assertThat(out).contains("mean_us").containsPattern("(?m)^\\s+50\\s+\\d+\\.\\d+");
    }

    @Test
    void testBenchRecorderRunsShortFromAnotherDirectory(@TempDir Path cwd) throws Exception {
        String out = run(cwd, "bench-recorder", "1");
        // A row per clip and mode, with its figures.
        assertThat(out).contains("MB per hour").containsPattern("(?m)^Retail02_ .* continuous +\\d+\\.\\d+")
                .containsPattern("(?m)^car-detec .* events +\\d+\\.\\d+");
    }

    @Test
    void testEveryBenchmarkScriptPrintsItsUsage(@TempDir Path cwd) throws Exception {
        for (String script : List.of("bench-decoder", "bench-detector", "bench-job", "bench-recorder", "bench-store", "bench-tracker",
                "bench-views")) {
            assertThat(run(cwd, script, "--help")).as(script).contains("bin/" + script);
        }
    }

    @Test
    void testDetectFromAnotherDirectoryWithRelativePaths(@TempDir Path cwd) throws Exception {
        Path model = ROOT.resolve("models/files/shapes-yolo-320.torchscript");
        Path image = cwd.resolve("in/scene.png");
        Files.createDirectories(image.getParent());
        byte[] bgr = new SyntheticScene(7, 640, 360, 3).render(0);
        BufferedImage picture = new BufferedImage(640, 360, BufferedImage.TYPE_3BYTE_BGR);
        System.arraycopy(bgr, 0, ((DataBufferByte) picture.getRaster().getDataBuffer()).getData(), 0, bgr.length);
        ImageIO.write(picture, "png", image.toFile());
        run(cwd, "detect", "--model", cwd.relativize(model).toString(), "--out", "out", "in/scene.png");
        assertThat(cwd.resolve("out/detections.jsonl")).isNotEmptyFile();
    }

    private static Path findRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("bin/common.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("bin/common.sh not found");
    }

    /** Runs a script; returns its standard output (native libraries' warnings on stderr stay apart). */
    private static String run(Path cwd, String... command) throws Exception {
        Path stderr = cwd.resolve("stderr.log");
        Process p = command(cwd, command).redirectErrorStream(false).redirectError(stderr.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + out + "\n" + Files.readString(stderr));
        }
        return out;
    }

    private static ProcessBuilder command(Path cwd, String... command) {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("bin").resolve(command[0]).toString()));
        cmd.addAll(List.of(command).subList(1, command.length));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
        // A checkout where bin/cluster never ran: nothing under its work directory.
        pb.environment().put("STREAMYOLO_WORK", cwd.resolve("work").toString());
        pb.environment().put("STREAMYOLO_SKIP_BUILD", "1");
        pb.environment().remove("FLINK_CONF_DIR");
        return pb;
    }
}
