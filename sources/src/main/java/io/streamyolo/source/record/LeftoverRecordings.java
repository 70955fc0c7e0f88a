package io.streamyolo.source.record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds and deletes the temporary files that a killed TaskManager left in a camera's directory:
 * hidden {@code .NAME.mp4.part} files that no recorder of this JVM writes and that nobody touched
 * for {@value #AGE_MILLIS} ms (a live writer elsewhere adds to its file at least as often as
 * detection decides on its packets: within seconds).
 */
final class LeftoverRecordings {

    static final long AGE_MILLIS = 20_000;

    private LeftoverRecordings() {}

    /**
     * @return how many files were deleted (a file that cannot be deleted stays hidden, and the next
     *     look tries again)
     * @throws IOException when the directory cannot be listed
     */
    static int deleteIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long staleBefore = System.currentTimeMillis() - AGE_MILLIS;
        List<Path> left;
        try (Stream<Path> files = Files.list(dir)) {
            left = files.filter(f -> f.getFileName().toString().startsWith(".") && f.toString().endsWith(Mp4ClipFile.PART_SUFFIX)
                    && !Mp4ClipFile.isOpen(f) && modifiedBefore(f, staleBefore)).toList();
        }
        int deleted = 0;
        for (Path part : left) {
            try {
                deleted += Files.deleteIfExists(part) ? 1 : 0;
            } catch (IOException e) {
                // It stays hidden; the next look tries again.
            }
        }
        return deleted;
    }

    private static boolean modifiedBefore(Path file, long millis) {
        try {
            return Files.getLastModifiedTime(file).toMillis() < millis;
        } catch (IOException e) {
            return false; // gone meanwhile
        }
    }
}
