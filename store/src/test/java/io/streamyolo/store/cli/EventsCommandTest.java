package io.streamyolo.store.cli;

import static io.streamyolo.store.testutils.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamyolo.store.EventStore;
import io.streamyolo.store.StoredClip;
import io.streamyolo.store.StoredEvent;
import io.streamyolo.store.StoredSnapshot;
import io.streamyolo.store.testutils.TestEvents;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventsCommandTest {

    @TempDir
    Path dir;

    private String url;
    private final List<StoredEvent> events = new ArrayList<>();
    private StoredSnapshot snapshot1;
    private StoredSnapshot snapshot2;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void createStore() throws Exception {
        url = "jdbc:sqlite:" + dir.resolve("events.db");
        events.addAll(TestEvents.track("cam1", 1, T0));
        events.addAll(TestEvents.track("cam/2", 2, T0 + 10_000));
        snapshot1 = TestEvents.snapshot("cam1", 1, T0 + 500, 0.95, 20_000, 3_000, 1);
        snapshot2 = TestEvents.snapshot("cam/2", 2, T0 + 10_500, 0.9, 15_000, 2_000, 2);
        try (EventStore store = EventStore.open(url)) {
            store.write(events, List.of(snapshot1, snapshot2));
        }
    }

    @Test
    void testTable() {
        assertThat(run("--store", url, "--camera", "cam1")).isZero();
        List<String> lines = out().lines().toList();
        assertThat(lines.get(0)).matches("TIME +CAMERA +TRACK +EVENT +ZONE/LINE +DIR +CLASS +CONF +DURATION");
        assertThat(lines).hasSize(7).last().isEqualTo("5 events");
        String left = lines.get(1);
        assertThat(left.split(" +")).containsExactly(
                java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
                        .format(Instant.ofEpochMilli(T0 + 4_000).atZone(ZoneId.systemDefault())),
                "cam1", "1", "object_left", "-", "-", "square", "0.70", "4.0s");
        assertThat(lines.get(3).split(" +")).containsSubsequence("line_crossed", "door", "out", "square", "0.85", "-");
        // Columns line up: every row starts CAMERA where the header does.
        int camera = lines.get(0).indexOf("CAMERA");
        assertThat(lines.subList(1, 6)).allSatisfy(l -> assertThat(l.substring(camera)).startsWith("cam1"));
    }

    @Test
    void testJsonLines() {
        assertThat(run("--store", url, "--json", "--zone=gate", "--limit", "3")).isZero();
        List<StoredEvent> printed = out().lines().map(l -> StoredEvent.fromJson(l).orElseThrow()).toList();
        assertThat(printed).containsExactly(events.get(8), events.get(6), events.get(3));
    }

    @Test
    void testFiltersAndTimes() {
        assertThat(run("--store", dir.resolve("events.db").toString(), "--json", "--class", "square", "--kind", "line_crossed",
                "--since", Instant.ofEpochMilli(T0 + 5_000).toString(), "--until", Long.toString(T0 + 60_000))).isZero();
        assertThat(out().lines()).hasSize(1).first().asString().contains("\"stream_id\":\"cam/2\"", "\"direction\":\"in\"");
    }

    @Test
    void testSnapshotsWritten() throws Exception {
        Path snaps = dir.resolve("snaps");
        assertThat(run("--store", url, "--kind", "object_left", "--snapshot", snaps.toString())).isZero();
        assertThat(Files.readAllBytes(snaps.resolve("cam1-1.jpg"))).isEqualTo(snapshot1.jpeg());
        assertThat(Files.readAllBytes(snaps.resolve("cam_2-2.jpg"))).isEqualTo(snapshot2.jpeg());
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("wrote 2 snapshots");
    }

    @Test
    void testClipsOfTheSelectedEventsCopiedAndAMissingFileNamed() throws Exception {
        // cam1's track 1 (T0 to T0 + 4 s): an event clip of its track and a segment over its time;
        // cam/2's track 2 (T0 + 10 s on): a clip whose file retention deleted; and a clip of no selected event.
        byte[] clipBytes = new byte[5_000];
        new java.util.Random(3).nextBytes(clipBytes);
        byte[] segmentBytes = new byte[9_000];
        new java.util.Random(4).nextBytes(segmentBytes);
        StoredClip clip = recording("cam1", StoredClip.KIND_EVENT, T0 - 1_000, T0 + 6_000, clipBytes, 1);
        StoredClip segment = recording("cam1", StoredClip.KIND_SEGMENT, T0 - 30_000, T0 + 30_000, segmentBytes);
        StoredClip gone = recording("cam/2", StoredClip.KIND_EVENT, T0 + 9_000, T0 + 16_000, new byte[100], 2);
        recording("cam1", StoredClip.KIND_EVENT, T0 + 600_000, T0 + 610_000, new byte[100], 9);
        Files.delete(Path.of(gone.file()));
        Path clips = dir.resolve("out").resolve("clips"); // made by the command

        assertThat(run("--store", url, "--kind", "object_entered", "--clip", clips.toString())).isEqualTo(EventsCommand.STORE_ERROR);
        try (var files = Files.list(clips)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder(clip.fileName(), segment.fileName());
        }
        assertThat(clip.fileName()).isEqualTo("cam1_20251125T114259Z_event-" + clip.id() + ".mp4");
        assertThat(Files.readAllBytes(clips.resolve(clip.fileName()))).isEqualTo(clipBytes);
        assertThat(Files.readAllBytes(clips.resolve(segment.fileName()))).isEqualTo(segmentBytes);
        String said = err.toString(StandardCharsets.UTF_8);
        assertThat(said).contains("wrote " + clips.resolve(clip.fileName()) + " (event h264, 7.0 s, 0.0 MB)")
                .contains("cannot copy clip " + gone.id() + " of cam/2: its file " + gone.file() + " is missing")
                .contains("copied 2 clips (0.0 MB) to " + clips + "; 1 missing, not copied");
        // The table is on stdout as without --clip.
        assertThat(out()).contains("2 events");

        // Only cam1's: all there, exit 0.
        err.reset();
        assertThat(run("--store", url, "--camera", "cam1", "--clip", clips.toString())).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("copied 2 clips");
    }

    @Test
    void testStoreFromEnvironment() {
        assertThat(EventsCommand.run(new String[] {"--json"}, print(out), print(err), Map.of(EventsCommand.STORE_ENV, url)))
                .isZero();
        assertThat(out().lines()).hasSize(10);
    }

    @Test
    void testErrors() {
        assertThat(run("--store", url, "--bogus")).isEqualTo(EventsCommand.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown argument '--bogus'", "Usage: events");
        assertThat(run("--camera", "cam1")).isEqualTo(EventsCommand.USAGE);
        assertThat(run("--store", url, "--zone", "a", "--line", "b")).isEqualTo(EventsCommand.USAGE);
        assertThat(run("--store", url, "--since", "yesterday")).isEqualTo(EventsCommand.USAGE);
        assertThat(run("--store", url, "--kind", "object_exited")).isEqualTo(EventsCommand.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--kind expects one of object_entered, object_left,"
                + " zone_entered, zone_left, line_crossed, got 'object_exited'");
        assertThat(run("--store", url, "--limit", "0")).isEqualTo(EventsCommand.USAGE);
        assertThat(run("--store", url, "--limit")).isEqualTo(EventsCommand.USAGE);
        assertThat(run("--store", dir.resolve("missing.db").toString())).isEqualTo(EventsCommand.STORE_ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no event store at " + dir.resolve("missing.db"));
        assertThat(dir.resolve("missing.db")).doesNotExist();
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("--clip DIR", "--snapshot DIR", "--kind K         object_entered, object_left, zone_entered, zone_left or line_crossed");
    }

    @Test
    void testParseTime() {
        Instant now = Instant.parse("2026-11-29T12:00:00Z");
        ZoneId zone = ZoneOffset.ofHours(1);
        assertThat(TimeArgument.parse("-1h", now, zone)).isEqualTo(Instant.parse("2026-11-29T11:00:00Z"));
        assertThat(TimeArgument.parse("-15m", now, zone)).isEqualTo(Instant.parse("2026-11-29T11:45:00Z"));
        assertThat(TimeArgument.parse("-2d", now, zone)).isEqualTo(Instant.parse("2026-11-27T12:00:00Z"));
        assertThat(TimeArgument.parse("-1w", now, zone)).isEqualTo(Instant.parse("2026-11-22T12:00:00Z"));
        assertThat(TimeArgument.parse("+30s", now, zone)).isEqualTo(Instant.parse("2026-11-29T12:00:30Z"));
        assertThat(TimeArgument.parse("now", now, zone)).isEqualTo(now);
        assertThat(TimeArgument.parse("2026-11-29T08:00:00Z", now, zone)).isEqualTo(Instant.parse("2026-11-29T08:00:00Z"));
        assertThat(TimeArgument.parse("2026-11-29T08:00:00+02:00", now, zone)).isEqualTo(Instant.parse("2026-11-29T06:00:00Z"));
        assertThat(TimeArgument.parse("2026-11-29T09:00", now, zone)).isEqualTo(Instant.parse("2026-11-29T08:00:00Z"));
        assertThat(TimeArgument.parse("2026-11-29", now, zone)).isEqualTo(Instant.parse("2026-11-28T23:00:00Z"));
        assertThat(TimeArgument.parse("1764071000123", now, zone)).isEqualTo(Instant.ofEpochMilli(1764071000123L));
        assertThatThrownBy(() -> TimeArgument.parse("soon", now, zone)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void testSnapshotFileName() {
        assertThat(EventFiles.snapshotFileName("cam1", 7)).isEqualTo("cam1-7.jpg");
        assertThat(EventFiles.snapshotFileName("../etc/x y", 7)).isEqualTo(".._etc_x_y-7.jpg");
    }

    // ------------------------------------------------------------------------------------------

    /** A recording's file under the test's directory and its row, written as the store sink writes a clip line. */
    private StoredClip recording(String stream, String kind, long start, long end, byte[] content, long... tracks) throws Exception {
        Path file = dir.resolve("recordings").resolve(stream.replace('/', '_')).resolve(kind + "-" + start + ".mp4");
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        StringBuilder ids = new StringBuilder();
        for (long t : tracks) {
            ids.append(ids.isEmpty() ? "" : ",").append(t);
        }
        StoredClip parsed = StoredClip.fromJson("{\"event\":\"clip\",\"stream_id\":\"" + stream + "\",\"kind\":\"" + kind
                + "\",\"start_ms\":" + start + ",\"end_ms\":" + end + ",\"file\":\"" + file + "\",\"size_bytes\":" + content.length
                + ",\"codec\":\"h264\",\"track_ids\":[" + ids + "]}").orElseThrow();
        try (EventStore store = EventStore.open(url)) {
            store.write(List.of(), List.of(), List.of(), List.of(), List.of(parsed));
            return store.clips().ofCamera(stream, kind, start, start + 1, 10, 0).stream()
                    .filter(c -> c.file().equals(file.toString())).findFirst().orElseThrow();
        }
    }

    private int run(String... args) {
        out.reset();
        return EventsCommand.run(args, print(out), print(err), Map.of());
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
