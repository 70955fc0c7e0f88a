package io.streamyolo.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The job jar that 'flink run' gets (built by the shade plugin in {@code package}, before this
 * test) carries the product only: no scene generator, test fixture or benchmark.
 */
class JobJarContentsITCase {

    /** Packages of testing/fixtures and the benchmarks module. */
    private static final List<String> TEST_PACKAGES =
            List.of("io/streamyolo/scene/", "io/streamyolo/testing/", "io/streamyolo/bench/");

    /** Class names that only test and benchmark code uses. */
    private static final List<String> TEST_NAMES = List.of("Benchmark", "TestEnv", "ShippedModels", "BackgroundLog");

    @Test
    void testJobJarHoldsNoTestOrBenchmarkCode() throws IOException {
        Path jar = jobJar();
        try (JarFile file = new JarFile(jar.toFile())) {
            List<String> names = file.stream().map(e -> e.getName()).toList();
            // Not vacuous: the jar is the job's.
            assertThat(names).contains("io/streamyolo/job/DetectionJob.class", "io/streamyolo/model/YoloDetector.class",
                    "io/streamyolo/control/command/StreamCommandParser.class");
            List<String> offending = names.stream().filter(JobJarContentsITCase::isTestCode).toList();
            assertThat(offending).as("test or benchmark code in %s", jar).isEmpty();
        }
    }

    static boolean isTestCode(String entry) {
        if (!entry.startsWith("io/streamyolo/")) {
            return false;
        }
        String simpleName = entry.substring(entry.lastIndexOf('/') + 1);
        return TEST_PACKAGES.stream().anyMatch(entry::startsWith) || TEST_NAMES.stream().anyMatch(simpleName::contains);
    }

    private static Path jobJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("streamyolo-job-.*-flink\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("No job jar (target/streamyolo-job-*-flink.jar): run 'mvn verify'"));
        }
    }
}
