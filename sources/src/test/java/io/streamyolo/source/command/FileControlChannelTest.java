package io.streamyolo.source.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileControlChannelTest {

    @Test
    void testReadsCompleteAppendedLinesOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.jsonl");
        FileControlChannel channel = new FileControlChannel(file);
        assertThat(channel.poll()).isEmpty(); // not there yet
        Files.writeString(file, "one\n\ntwo\nthr");
        List<ControlChannel.ControlLine> lines = channel.poll();
        assertThat(lines).extracting(ControlChannel.ControlLine::text).containsExactly("one", "two");
        assertThat(lines.get(1).positionAfter()).isEqualTo(9);
        Files.writeString(file, "ee\n", StandardOpenOption.APPEND);
        assertThat(channel.poll()).extracting(ControlChannel.ControlLine::text).containsExactly("three");
        assertThat(channel.poll()).isEmpty();
    }

    @Test
    void testRestoredPositionSkipsAppliedLines(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.jsonl");
        Files.writeString(file, "one\ntwo\n");
        FileControlChannel channel = new FileControlChannel(file);
        channel.restore(4);
        assertThat(channel.poll()).extracting(ControlChannel.ControlLine::text).containsExactly("two");
    }

    @Test
    void testShrunkFileIsReadFromTheStart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.jsonl");
        Files.writeString(file, "one\ntwo\n");
        FileControlChannel channel = new FileControlChannel(file);
        channel.poll();
        Files.writeString(file, "new\n");
        assertThat(channel.poll()).extracting(ControlChannel.ControlLine::text).containsExactly("new");
    }

    @Test
    void testOversizedLineIsOneErrorAndLosesNothingAfterIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.jsonl");
        FileControlChannel channel = new FileControlChannel(file);
        String huge = "{\"type\":\"START\",\"stream_id\":\"a\",\"rtsp\":\"rtsp://h/" + "a".repeat(2 << 20) + "\"}";
        // Appended in pieces, as a slow writer would: the channel must not take the tail for a line.
        Files.writeString(file, "one\n" + huge.substring(0, 1_500_000));
        List<ControlChannel.ControlLine> first = channel.poll();
        Files.writeString(file, huge.substring(1_500_000), StandardOpenOption.APPEND);
        List<ControlChannel.ControlLine> second = channel.poll();
        Files.writeString(file, "\ntwo\n" + "b".repeat(ControlChannel.MAX_LINE_BYTES) + "\nthree\n", StandardOpenOption.APPEND);
        List<ControlChannel.ControlLine> lines = new java.util.ArrayList<>(first);
        lines.addAll(second);
        for (List<ControlChannel.ControlLine> more = channel.poll(); !more.isEmpty(); more = channel.poll()) {
            lines.addAll(more);
        }
        assertThat(lines).extracting(ControlChannel.ControlLine::text)
                .containsExactly("one", null, "two", "b".repeat(ControlChannel.MAX_LINE_BYTES), "three");
        assertThat(lines.get(1).oversizeBytes()).isEqualTo(huge.length());
        assertThat(ControlChannel.ControlLine.oversizeMessage(lines.get(1).oversizeBytes()))
                .isEqualTo("command line of " + huge.length() + " bytes is over the 1 MiB limit: skipped");
        assertThat(lines.get(4).positionAfter()).isEqualTo(Files.size(file));
    }
}
