package io.streamyolo.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCommandSinkTest {

    @TempDir
    Path dir;

    @Test
    void testControlFileIsCreatedOwnerOnly() throws Exception {
        Path file = dir.resolve("commands.jsonl");
        new FileCommandSink(file).send("cam1", "{\"type\":\"STOP\",\"stream_id\":\"cam1\"}");
        // It holds camera passwords.
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void testConcurrentLinesNeverInterleave() throws Exception {
        Path file = dir.resolve("a/b/commands.jsonl");
        // Two sinks on one file (as two dashboards in one JVM would be), eight threads each.
        FileCommandSink one = new FileCommandSink(file);
        FileCommandSink two = new FileCommandSink(dir.resolve("a/b/../b/commands.jsonl"));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            FileCommandSink sink = t % 2 == 0 ? one : two;
            int thread = t;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    sink.send("cam" + thread, "{\"type\":\"STOP\",\"stream_id\":\"cam" + thread + "\",\"n\":" + i + ",\"pad\":\""
                            + "x".repeat(20_000 + thread * 100) + "\"}");
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(800);
        assertThat(new HashSet<>(lines)).hasSize(800);
        assertThat(lines).allSatisfy(l -> assertThat(l).startsWith("{\"type\":\"STOP\"").endsWith("\"}"));
    }

    @Test
    void testUnfinishedLineOfSomeoneElseIsNotGluedTo() throws Exception {
        Path file = dir.resolve("commands.jsonl");
        Files.writeString(file, "{\"type\":\"STOP\",\"stream_id\":\"a\"}");
        new FileCommandSink(file).send("b", "{\"type\":\"STOP\",\"stream_id\":\"b\"}");
        assertThat(Files.readAllLines(file)).containsExactly("{\"type\":\"STOP\",\"stream_id\":\"a\"}",
                "{\"type\":\"STOP\",\"stream_id\":\"b\"}");
        assertThatThrownBy(() -> new FileCommandSink(file).send("c", "{\n}")).hasMessageContaining("line break");
    }
}
