package io.streamyolo.store;

import static io.streamyolo.store.testutils.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.store.testutils.TestEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recorded clips in the store, the same on every backend; {@code ClipStoreTest} runs it on SQLite
 * and {@code PostgresClipStoreITCase} on a real PostgreSQL server. Retention works on real files.
 */
abstract class ClipStoreTestBase {

    @TempDir
    Path recordings;

    abstract String newStoreUrl() throws Exception;

    /** A clip line as the job writes it, and its file (of {@code bytes} bytes) under the recordings. */
    String clipLine(String stream, String kind, long start, long end, int bytes, String codec, long... tracks) throws Exception {
        Path file = recordings.resolve(stream).resolve("2026-12-02").resolve(kind + "-" + start + ".mp4");
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[bytes]);
        StringBuilder ids = new StringBuilder();
        for (long t : tracks) {
            ids.append(ids.isEmpty() ? "" : ",").append(t);
        }
        return "{\"event\":\"clip\",\"stream_id\":\"" + stream + "\",\"kind\":\"" + kind + "\",\"start_ms\":" + start
                + ",\"end_ms\":" + end + ",\"file\":\"" + file + "\",\"size_bytes\":" + bytes + ",\"codec\":\"" + codec
                + "\",\"track_ids\":[" + ids + "]}";
    }

    static StoredClip parse(String line) {
        return StoredClip.fromJson(line).orElseThrow();
    }

    static void write(EventStore store, StoredClip... clips) throws StoreException {
        store.write(List.of(), List.of(), List.of(), List.of(), List.of(clips));
    }

    @Test
    void testInsertIsIdempotentAndQueriesNewestFirstPaged() throws Exception {
        try (EventStore store = EventStore.open(newStoreUrl())) {
            StoredClip a = parse(clipLine("cam1", "segment", T0, T0 + 60_000, 100, "h264"));
            StoredClip b = parse(clipLine("cam1", "segment", T0 + 60_000, T0 + 120_000, 100, "h264"));
            StoredClip c = parse(clipLine("cam1", "event", T0 + 70_000, T0 + 80_000, 50, "h264", 7, 17));
            StoredClip other = parse(clipLine("cam2", "segment", T0, T0 + 60_000, 100, "hevc"));
            write(store, a, b, c, other);
            write(store, a, b, c, other); // the replay after a failover

            List<StoredClip> all = store.clips().ofCamera("cam1", null, T0, T0 + 3_600_000, 10, 0);
            assertThat(all).extracting(StoredClip::file).containsExactly(c.file(), b.file(), a.file());
            assertThat(all.get(0).trackIds()).containsExactly(7L, 17L);
            assertThat(all.get(0).id()).isPositive();
            assertThat(store.clips().ofCamera("cam1", null, T0, T0 + 3_600_000, 2, 2)).extracting(StoredClip::file)
                    .containsExactly(a.file());
            assertThat(store.clips().ofCamera("cam1", "event", T0, T0 + 3_600_000, 10, 0)).extracting(StoredClip::file)
                    .containsExactly(c.file());
            // Only what overlaps the range.
            assertThat(store.clips().ofCamera("cam1", null, T0 + 100_000, T0 + 110_000, 10, 0)).extracting(StoredClip::file)
                    .containsExactly(b.file());
            assertThat(store.clips().byId(all.get(0).id())).hasValueSatisfying(x -> {
                assertThat(x.codec()).isEqualTo("h264");
                assertThat(x.sizeBytes()).isEqualTo(50);
                assertThat(x.streamId()).isEqualTo("cam1");
            });
            assertThat(store.clips().byId(999_999)).isEmpty();
            assertThat(store.clips().ofCamera("cam2", null, T0, T0 + 3_600_000, 10, 0)).singleElement()
                    .satisfies(x -> assertThat(x.playsInBrowser()).isFalse());
        }
    }

    @Test
    void testClipsCoveringAnEventByTimeOrTrack() throws Exception {
        try (EventStore store = EventStore.open(newStoreUrl())) {
            StoredClip segment = parse(clipLine("cam1", "segment", T0, T0 + 60_000, 100, "h264"));
            StoredClip clip = parse(clipLine("cam1", "event", T0 + 10_000, T0 + 20_000, 50, "h264", 3));
            StoredClip later = parse(clipLine("cam1", "event", T0 + 200_000, T0 + 210_000, 50, "h264", 13, 31));
            StoredClip otherCamera = parse(clipLine("cam2", "event", T0 + 10_000, T0 + 20_000, 50, "h264", 3));
            write(store, segment, clip, later, otherCamera);

            // Its time: the event clip first, then the segment; never another camera's.
            assertThat(store.clips().covering(TestEvents.entered("cam1", 99, T0 + 15_000, "person")))
                    .extracting(StoredClip::file).containsExactly(clip.file(), segment.file());
            // Its track, though the times do not overlap (track 3 is not 13 or 31).
            assertThat(store.clips().covering(TestEvents.entered("cam1", 13, T0 + 500_000, "person")))
                    .extracting(StoredClip::file).containsExactly(later.file());
            assertThat(store.clips().covering(TestEvents.entered("cam1", 3, T0 + 500_000, "person")))
                    .extracting(StoredClip::file).containsExactly(clip.file());
            // An ended track: its whole time.
            assertThat(store.clips().covering(TestEvents.left("cam1", 50, T0 + 55_000, T0 + 205_000, "person", List.of())))
                    .extracting(StoredClip::file).containsExactly(later.file(), segment.file());
        }
    }

    @Test
    void testRetentionDeletesOldClipsFilesAndRows() throws Exception {
        String url = newStoreUrl();
        long now = System.currentTimeMillis();
        long old = now - Duration.ofDays(10).toMillis();
        StoredClip oldClip;
        StoredClip newClip;
        try (EventStore store = EventStore.open(url)) {
            oldClip = parse(clipLine("cam1", "event", old, old + 10_000, 1000, "h264", 1));
            newClip = parse(clipLine("cam1", "event", now - 60_000, now - 50_000, 1000, "h264", 2));
            write(store, oldClip, newClip);
        }
        assertThat(RetentionTask.runOnce(url, Duration.ofDays(7), 0)).isEqualTo(1);

        assertThat(Path.of(oldClip.file())).doesNotExist();
        assertThat(Path.of(newClip.file())).exists();
        try (EventStore store = EventStore.open(url)) {
            assertThat(store.clips().ofCamera("cam1", null, 0, Long.MAX_VALUE, 10, 0)).extracting(StoredClip::file)
                    .containsExactly(newClip.file());
        }
    }

    @Test
    void testSizeLimitDeletesEachCamerasOldestFirstAndKeepsTheNewest() throws Exception {
        String url = newStoreUrl();
        long now = System.currentTimeMillis();
        StoredClip[] cam1 = new StoredClip[5];
        StoredClip cam2;
        try (EventStore store = EventStore.open(url)) {
            for (int i = 0; i < 5; i++) {
                cam1[i] = parse(clipLine("cam1", "segment", now - (5 - i) * 60_000L, now - (4 - i) * 60_000L, 1000, "h264"));
                write(store, cam1[i]);
            }
            cam2 = parse(clipLine("cam2", "segment", now - 600_000, now - 540_000, 2500, "h264"));
            write(store, cam2);
        }
        // 5000 bytes of cam1 under a 2500-byte limit: the three oldest go; cam2 fits as it is.
        assertThat(RetentionTask.runOnce(url, null, 2500)).isEqualTo(3);

        for (int i = 0; i < 5; i++) {
            assertThat(Path.of(cam1[i].file()).toFile().exists()).as("cam1 clip %d", i).isEqualTo(i >= 3);
        }
        assertThat(Path.of(cam2.file())).exists();
        try (EventStore store = EventStore.open(url)) {
            assertThat(store.clips().oldestFirst("cam1")).extracting(StoredClip::file)
                    .containsExactly(cam1[3].file(), cam1[4].file());
            assertThat(store.clips().bytesPerCamera()).containsEntry("cam1", 2000L).containsEntry("cam2", 2500L);
        }
    }

    @Test
    void testRowWhoseFileIsGoneIsRemovedAndAnUndeletableFileIsKeptForTheNextRound() throws Exception {
        String url = newStoreUrl();
        long old = System.currentTimeMillis() - Duration.ofDays(10).toMillis();
        StoredClip gone;
        StoredClip stuck;
        try (EventStore store = EventStore.open(url)) {
            gone = parse(clipLine("cam1", "event", old, old + 10_000, 1000, "h264"));
            stuck = parse(clipLine("cam1", "event", old + 20_000, old + 30_000, 1000, "h264"));
            write(store, gone, stuck);
        }
        Files.delete(Path.of(gone.file()));
        // A file that cannot be deleted: a directory holding a file stands in for it (this works as root too).
        Path stuckFile = Path.of(stuck.file());
        Files.delete(stuckFile);
        Files.createDirectories(stuckFile);
        Files.write(stuckFile.resolve("inside"), new byte[1]);

        assertThat(RetentionTask.runOnce(url, Duration.ofDays(7), 0)).isEqualTo(1);
        try (EventStore store = EventStore.open(url)) {
            assertThat(store.clips().oldestFirst("cam1")).extracting(StoredClip::file).containsExactly(stuck.file());
        }

        // Next round, once it can be deleted, it goes.
        Files.delete(stuckFile.resolve("inside"));
        assertThat(RetentionTask.runOnce(url, Duration.ofDays(7), 0)).isEqualTo(1);
        assertThat(stuckFile).doesNotExist();
        try (EventStore store = EventStore.open(url)) {
            assertThat(store.clips().oldestFirst("cam1")).isEmpty();
        }
    }
}
