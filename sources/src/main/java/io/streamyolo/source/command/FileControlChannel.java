package io.streamyolo.source.command;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commands from a local file of JSON lines, watched for appended lines: {@code echo '{"type":
 * "START", ...}' >> commands.jsonl}. Only complete lines (ending in a newline) are read; a file
 * that does not exist yet is waited for; a file that shrank (rotated) is read again from the start.
 */
public final class FileControlChannel implements ControlChannel {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(FileControlChannel.class);
    /** Over a line's limit, so that a line at the limit always fits in one read. */
    private static final int MAX_READ = 2 * MAX_LINE_BYTES;

    private final String path;
    private long position;
    /**
     * Where the oversized line being skipped began, or -1. Not checkpointed: the enumerator saves
     * positions of whole lines only, so a restore skips such a line again from its start.
     */
    private long skippingFrom = -1;

    public FileControlChannel(Path path) {
        this.path = path.toAbsolutePath().toString();
    }

    @Override
    public String id() {
        return "file:" + path;
    }

    @Override
    public void restore(long position) {
        this.position = position;
    }

    @Override
    public List<ControlLine> poll() throws IOException {
        Path file = Path.of(path);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<ControlLine> lines = new ArrayList<>();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            if (length < position) {
                LOG.warn("Control file {} shrank from {} to {} bytes: reading it again from the start", path, position, length);
                position = 0;
                skippingFrom = -1;
            }
            if (length == position) {
                return lines;
            }
            raf.seek(position);
            byte[] buffer = new byte[(int) Math.min(MAX_READ, length - position)];
            raf.readFully(buffer);
            int lineStart = 0;
            for (int i = 0; i < buffer.length; i++) {
                if (buffer[i] != '\n') {
                    continue;
                }
                long after = position + i + 1;
                if (skippingFrom >= 0) {
                    lines.add(ControlLine.oversized(id(), after - 1 - skippingFrom, after));
                    skippingFrom = -1;
                } else if (i - lineStart > MAX_LINE_BYTES) {
                    lines.add(ControlLine.oversized(id(), i - lineStart, after));
                } else {
                    String text = new String(buffer, lineStart, i - lineStart, StandardCharsets.UTF_8).strip();
                    if (!text.isEmpty()) {
                        lines.add(new ControlLine(id(), text, after));
                    }
                }
                lineStart = i + 1;
            }
            if (skippingFrom < 0 && buffer.length - lineStart > MAX_LINE_BYTES) {
                // An unfinished line already over the limit: skip to its end without keeping it.
                skippingFrom = position + lineStart;
            }
            position += skippingFrom >= 0 ? buffer.length : lineStart;
        }
        return lines;
    }

    @Override
    public void close() {}
}
