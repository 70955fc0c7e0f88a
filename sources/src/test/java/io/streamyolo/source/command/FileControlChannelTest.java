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
}
