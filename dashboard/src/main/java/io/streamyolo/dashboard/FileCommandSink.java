package io.streamyolo.dashboard;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Appends commands to the job's control file, one line each. Lines never interleave: within this
 * process one writer per file at a time (a monitor per path, shared by every instance: two file
 * locks of one process on one file would fail), and across processes an exclusive lock on the file
 * while the line is written (another dashboard, or a script that locks the same way; a plain
 * {@code echo >>} takes no lock, but a single small append is one {@code write} call in practice).
 * A file that does not end with a newline (someone's unfinished line) gets one first, so that the
 * command is never glued to it.
 */
public final class FileCommandSink implements CommandSink {

    private static final ConcurrentHashMap<Path, Object> WRITERS = new ConcurrentHashMap<>();

    private final Path file;
    private final Object writer;

    public FileCommandSink(Path file) throws IOException {
        this.file = file.toAbsolutePath().normalize();
        this.writer = WRITERS.computeIfAbsent(this.file, f -> new Object());
        Path parent = this.file.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }

    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    @Override
    public void send(String streamId, String line) throws IOException {
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a command line must not hold a line break");
        }
        synchronized (writer) {
            append(line);
        }
    }

    private void append(String line) throws IOException {
        // O_APPEND for the write (a concurrent 'echo >>' cannot be overwritten); READ and APPEND do
        // not go together on one channel, so the last byte is read through a second one.
        // Created owner-only: the file holds camera passwords.
        try (FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
                        OWNER_ONLY);
                FileLock lock = ch.lock()) {
            boolean needsNewline = false;
            try (FileChannel reader = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = reader.size();
                if (size > 0) {
                    ByteBuffer last = ByteBuffer.allocate(1);
                    reader.read(last, size - 1);
                    needsNewline = last.get(0) != '\n';
                }
            }
            ByteBuffer bytes = ByteBuffer.wrap(((needsNewline ? "\n" : "") + line + "\n").getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
        }
    }

    @Override
    public String description() {
        return "control file " + file;
    }

    @Override
    public void close() {}
}
