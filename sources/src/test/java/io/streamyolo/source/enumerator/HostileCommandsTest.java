package io.streamyolo.source.enumerator;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.control.command.StreamCommandParser;
import io.streamyolo.control.command.UrlPolicy;
import io.streamyolo.source.command.ControlChannel.ControlLine;
import io.streamyolo.source.command.FileControlChannel;
import io.streamyolo.source.event.StreamStatus;
import io.streamyolo.source.split.RtspStreamSplit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile command lines through the file channel and the enumerator: values just under the 1 MiB
 * line limit in every field an error echoes. Each must be refused with a short message, quickly,
 * and the command after it must still apply (the masking pattern once took 47 s on a 60 KB id and
 * grew with the square of the length).
 */
class HostileCommandsTest {

    /** Each echoed value: under the line limit with the rest of its command. */
    private static final String HUGE = "a".repeat(1_000_000);

    /** Hostile command, and what its error must say. */
    private static Map<String, String> hostileCommands() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("{\"type\":\"START\",\"stream_id\":\"" + HUGE + "\",\"rtsp\":\"rtsp://cam/x\"}", "invalid stream_id");
        m.put("{\"type\":\"" + HUGE + "\",\"stream_id\":\"cam9\"}", "unknown command type");
        m.put("{\"type\":\"START\",\"stream_id\":\"cam9\",\"rtsp\":\"rtsp://cam/x\",\"" + HUGE + "\":1}", "not valid JSON");
        m.put("{\"type\":\"START\",\"stream_id\":\"cam9\",\"rtsp\":\"rtsp://cam/x\",\"b" + "a".repeat(40_000) + "\":1}", "unknown field");
        m.put("{\"type\":\"START\",\"stream_id\":\"cam9\",\"rtsp\":\"rtsp://cam/x\",\"classes\":[\"" + HUGE + "\"]}", "class");
        m.put("{\"type\":\"UPDATE\",\"stream_id\":\"cam9\",\"zones\":[{\"name\":\"" + HUGE + "\",\"polygon\":[[0,0],[1,0],[1,1]]}]}", "name");
        m.put("{\"type\":\"UPDATE\",\"stream_id\":\"cam9\",\"lines\":[{\"name\":\"" + HUGE + "\",\"a\":[0,0],\"b\":[1,1]}]}", "name");
        m.put("{\"type\":\"START\",\"stream_id\":\"cam9\",\"rtsp\":\"rtsp://u:secret@" + HUGE + " x\"}", "forbidden character");
        m.put("{\"type\":\"START\",\"stream_id\":\"cam9\",\"rtsp\":\"evil" + HUGE + "://u:secret@h/x\"}", "not allowed");
        m.put("{\"type\":\"START\",\"stream_id\":\"cam9\",\"rtsp\":\"rtsp://cam/x\",\"max_fps\":\"" + HUGE + "\"}", "max_fps");
        m.put("{\"type\":\"START\",\"stream_id\":\"cam9\",\"rtsp\":\"rtsp://cam/x\",\"transport\":\"" + HUGE + "\"}", "transport");
        m.put("{\"type\":\"START\",\"stream_id\":\"probe\",\"stream_id\":\"cam1\",\"rtsp\":\"rtsp://cam/x\"}", "Duplicate field 'stream_id'");
        m.put("{\"type\":\"STOP\",\"stream_id\":\"cam1\"} {\"type\":\"START\"}", "not valid JSON");
        return m;
    }

    @Test
    void testHugeValuesAreRefusedQuicklyWithShortMessagesAndTheNextCommandApplies(@TempDir Path dir) throws Exception {
        Path control = dir.resolve("commands.jsonl");
        List<String> lines = new ArrayList<>();
        lines.add("{\"type\":\"START\",\"stream_id\":\"cam1\",\"rtsp\":\"rtsp://cam/one\"}");
        lines.addAll(hostileCommands().keySet());
        lines.add("{\"type\":\"STOP\",\"stream_id\":\"cam1\"}");
        Files.write(control, lines, StandardCharsets.UTF_8);

        try (MockSplitEnumeratorContext<RtspStreamSplit> ctx = new MockSplitEnumeratorContext<>(1);
                FileControlChannel channel = new FileControlChannel(control)) {
            ctx.registerReader(new ReaderInfo(0, "localhost"));
            RtspSplitEnumerator e = new RtspSplitEnumerator(ctx, List.of(), new StreamCommandParser(UrlPolicy.defaults()),
                    SplitAssigner.leastLoaded(), 0, 100, RtspEnumState.empty());
            // Warm up the parser's code paths on one huge line, so that the timing below is of the handling, not the JIT.
            e.applyLine("{\"type\":\"STOP\",\"stream_id\":\"warm-up\",\"x\":\"" + HUGE + "\"}");
            List<ControlLine> polled = new ArrayList<>();
            for (int i = 0; i < 100 && polled.size() < lines.size(); i++) {
                polled.addAll(channel.poll()); // a poll reads a bounded number of bytes
            }
            assertThat(polled).extracting(ControlLine::text).containsExactlyElementsOf(lines);
            long slowest = 0;
            for (ControlLine line : polled) {
                if (line.text().contains("\"STOP\"") && line.text().length() < 100) {
                    // Before the last command: cam1 still runs on its first URL (the duplicate key did not restart it).
                    assertThat(e.snapshotState(1).streams()).singleElement().satisfies(s -> {
                        assertThat(s.split().streamId()).isEqualTo("cam1");
                        assertThat(s.split().url()).isEqualTo("rtsp://cam/one");
                    });
                }
                long t0 = System.nanoTime();
                e.applyLine(line.text());
                slowest = Math.max(slowest, System.nanoTime() - t0);
            }
            System.out.printf("hostile commands: %d lines of up to %d characters, slowest handled in %.1f ms%n",
                    polled.size(), polled.stream().mapToInt(l -> l.text().length()).max().orElse(0), slowest / 1e6);
            // Quadratic masking took hours at this size; linear handling takes milliseconds.
            assertThat(slowest).as("slowest command, ns").isLessThan(1_000_000_000L);

            List<StreamStatus> statuses = RtspSplitEnumeratorTest.statuses(ctx);
            List<StreamStatus> errors = statuses.stream().filter(s -> s.kind() == StreamStatus.Kind.ERROR).toList();
            assertThat(errors).hasSize(hostileCommands().size() + 1);
            errors = errors.subList(1, errors.size());
            List<String> expected = new ArrayList<>(hostileCommands().values());
            for (int i = 0; i < expected.size(); i++) {
                assertThat(errors.get(i).message()).contains(expected.get(i)).hasSizeLessThan(1200)
                        .doesNotContain("secret").doesNotContain("\n");
            }
            // The STOP after all of them applied.
            assertThat(e.snapshotState(2).streams()).isEmpty();
        }
    }
}
