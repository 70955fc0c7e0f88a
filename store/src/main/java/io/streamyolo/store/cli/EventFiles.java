package io.streamyolo.store.cli;

import io.streamyolo.store.EventStore;
import io.streamyolo.store.StoreException;
import io.streamyolo.store.StoredClip;
import io.streamyolo.store.StoredEvent;
import io.streamyolo.store.StoredSnapshot;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The files {@code bin/events} writes for the events it selected: their tracks' snapshots and their clips. */
final class EventFiles {

    private EventFiles() {}

    /** A file name for a track's snapshot: {@code <camera>-<track>.jpg}, unsafe characters as '_'. */
    static String snapshotFileName(String streamId, long trackId) {
        return streamId.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + trackId + ".jpg";
    }

    static void writeSnapshots(EventStore store, List<StoredEvent> events, Path dir, PrintStream err)
            throws IOException {
        Files.createDirectories(dir);
        Set<List<Object>> tracks = new LinkedHashSet<>();
        for (StoredEvent e : events) {
            tracks.add(List.of(e.streamId(), e.trackId()));
        }
        int written = 0;
        int missing = 0;
        for (List<Object> track : tracks) {
            String streamId = (String) track.get(0);
            long trackId = (Long) track.get(1);
            Optional<StoredSnapshot> snapshot = store.snapshot(streamId, trackId);
            if (snapshot.isEmpty()) {
                missing++;
                continue;
            }
            Files.write(dir.resolve(snapshotFileName(streamId, trackId)), snapshot.get().jpeg());
            written++;
        }
        err.println("events: wrote " + written + " snapshot" + (written == 1 ? "" : "s") + " to " + dir
                + (missing > 0 ? " (" + missing + " track" + (missing == 1 ? "" : "s") + " without one)" : ""));
    }

    /**
     * Copies the files of the clips that show the events (each clip once) into {@code dir}, named
     * by {@link StoredClip#fileName()}, and says on {@code err} what it wrote. A clip whose file is
     * gone is named and skipped; the others are copied all the same.
     *
     * @return whether every file was copied
     */
    static boolean copyClips(EventStore store, List<StoredEvent> events, Path dir, PrintStream err)
            throws StoreException, IOException {
        Map<Long, StoredClip> clips = new LinkedHashMap<>();
        for (StoredEvent e : events) {
            for (StoredClip c : store.clips().covering(e)) {
                clips.putIfAbsent(c.id(), c);
            }
        }
        Files.createDirectories(dir);
        int copied = 0;
        long bytes = 0;
        List<StoredClip> missing = new ArrayList<>();
        for (StoredClip c : clips.values()) {
            Path target = dir.resolve(c.fileName());
            try {
                // Replaced: a copy made before is of the same file (a clip's file never changes).
                Files.copy(Path.of(c.file()), target, StandardCopyOption.REPLACE_EXISTING);
            } catch (NoSuchFileException e) {
                err.println("events: cannot copy clip " + c.id() + " of " + c.streamId() + ": its file " + c.file()
                        + " is missing (deleted by retention, or moved)");
                missing.add(c);
                continue;
            }
            long size = Files.size(target);
            err.println("events: wrote " + target + " (" + c.kind() + " " + c.codec() + ", "
                    + String.format(Locale.ROOT, "%.1f s, %.1f MB", (c.endMs() - c.startMs()) / 1000.0, size / 1e6) + ")");
            copied++;
            bytes += size;
        }
        err.println("events: copied " + copied + " clip" + (copied == 1 ? "" : "s") + " ("
                + String.format(Locale.ROOT, "%.1f MB", bytes / 1e6) + ") to " + dir
                + (missing.isEmpty() ? "" : "; " + missing.size() + " missing, not copied")
                + (clips.isEmpty() ? ": no recording shows the selected events" : ""));
        return missing.isEmpty();
    }
}
