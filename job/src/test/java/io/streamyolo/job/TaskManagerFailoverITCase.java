package io.streamyolo.job;

import static io.streamyolo.job.StandaloneClusterITCase.ROOT;
import static io.streamyolo.job.StandaloneClusterITCase.awaitCheckpoint;
import static io.streamyolo.job.StandaloneClusterITCase.get;
import static io.streamyolo.job.StandaloneClusterITCase.jobId;
import static io.streamyolo.job.StandaloneClusterITCase.script;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamyolo.testing.ShippedModels;
import io.streamyolo.scene.SceneVideo;
import io.streamyolo.scene.TrackingScene;
import io.streamyolo.testing.RtspTestEnv;
import io.streamyolo.store.EventQuery;
import io.streamyolo.store.EventStore;
import io.streamyolo.store.StoredClip;
import io.streamyolo.store.StoredEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * More TaskManagers carry the same job: on a standalone cluster started by the project's scripts
 * with two TaskManager processes (own JVMs, ports and temp dirs, as two machines), cameras run on
 * both; one TaskManager is killed with SIGKILL and not restarted, and every camera comes back on
 * the survivor. The cameras show objects that come and go, and the job keeps their events in a
 * SQLite event store: the events replayed after the failover add no row. The cameras record
 * continuously, in 3 s segments: the segments the killed TaskManager was writing leave no file
 * behind that a reader could take for a whole one, what they lost is reported, the store names
 * only files that exist, and recording goes on.
 */
class TaskManagerFailoverITCase {

    private static final List<String> CAMERAS = List.of("cam1", "cam2", "cam3", "cam4");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void testCamerasComeBackOnTheSurvivingTaskManager(@TempDir Path work) throws Exception {
        int restPort = RtspTestEnv.freePort();
        Map<String, String> env = Map.of("STREAMYOLO_WORK", work.toString(), "REST_PORT", String.valueOf(restPort),
                "JM_RPC_PORT", String.valueOf(RtspTestEnv.freePort()));
        Path jar = ROOT.resolve("job/target/streamyolo-job-0.1.0-SNAPSHOT-flink.jar");
        assertThat(jar).exists();
        Path video = SceneVideo.write(TrackingScene.standard(11, 640, 360, 600, 15), ROOT.resolve("job/target/test-videos"));
        Path db = work.resolve("events.db");
        try (RtspTestEnv camera = new RtspTestEnv("cam=file:" + video.toAbsolutePath()).start()) {
            script(env, "cluster", "start", "--taskmanagers", "2");
            // bin/cluster returns once both TaskManagers registered; their slots are reported a moment later.
            long deadline = System.currentTimeMillis() + 30_000;
            String overview = get(restPort, "/overview");
            while (!overview.contains("\"slots-total\":4") && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
                overview = get(restPort, "/overview");
            }
            assertThat(overview).contains("\"taskmanagers\":2").contains("\"slots-total\":4");
            Path control = work.resolve("commands.jsonl");
            Files.writeString(control, "");
            Path recordings = work.resolve("recordings");
            String[] args = {"flink", "run", "-d", "-p", "2", jar.toString(),
                "--model", ShippedModels.path(ShippedModels.SHAPES).toString(), "--control-file", control.toString(),
                "--checkpoint-interval-ms", "2000", "--summary-interval-s", "0", "--store", "jdbc:sqlite:" + db,
                "--track-lost-ms", "1000", "--recordings", recordings.toString()};
            List<String> run = new java.util.ArrayList<>(List.of(args));
            for (String cam : CAMERAS) {
                run.addAll(List.of("--stream", cam + "=" + camera.url("cam")));
            }
            String job = jobId(script(env, run.toArray(new String[0])));
            Path out1 = work.resolve("flink/log/taskmanager.out");
            Path out2 = work.resolve("flink/log/taskmanager-2.out");
            // The two subtasks, and so the cameras, are spread over both TaskManagers.
            for (Path out : List.of(out1, out2)) {
                StandaloneClusterITCase.awaitFileContains(out, "\"event\":\"detections\"", 90_000);
            }
            List<String> on2 = CAMERAS.stream().filter(c -> contains(out2, "\"stream_id\":\"" + c + "\",\"event\":\"detections\"")).toList();
            System.out.printf("cameras on TaskManager 2 before the kill: %s%n", on2);
            assertThat(on2).isNotEmpty().hasSizeLessThan(CAMERAS.size());
            // Every camera records from now on; TaskManager 2 completes a segment before it dies
            // (and checkpoints, every 2 s, keep the cameras' new settings).
            StringBuilder record = new StringBuilder();
            for (String cam : CAMERAS) {
                record.append("{\"type\":\"UPDATE\",\"stream_id\":\"").append(cam)
                        .append("\",\"record\":\"continuous\",\"segment\":3}\n");
            }
            Files.writeString(control, record, java.nio.file.StandardOpenOption.APPEND);
            StandaloneClusterITCase.awaitFileContains(out2, "\"event\":\"clip\"", 60_000);
            awaitCheckpoint(work.resolve("checkpoints").resolve(job), 30_000);

            // TaskManager 2 dies like a lost machine: no shutdown, no restart.
            long pid = Long.parseLong(Files.readString(work.resolve("flink/taskmanager-2.pid")).strip());
            int linesBefore = Files.readAllLines(out1).size();
            long killedAt = System.currentTimeMillis();
            new ProcessBuilder("kill", "-9", String.valueOf(pid)).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
            long last = 0;
            for (String cam : CAMERAS) {
                try {
                    StandaloneClusterITCase.awaitNewLineContaining(out1, linesBefore,
                            "\"stream_id\":\"" + cam + "\",\"event\":\"detections\"", 120_000);
                } catch (AssertionError e) {
                    // Why the job did not come back: the cluster's own account of it.
                    printProblems(work.resolve("flink/log/jobmanager.log"));
                    printProblems(work.resolve("flink/log/taskmanager.log"));
                    throw e;
                }
                last = System.currentTimeMillis() - killedAt;
                System.out.printf("%s detected on TaskManager 1 again %d ms after the kill%n", cam, last);
            }
            // Heartbeats (2 s, two failed RPCs) notice the dead process; the job restarts from its
            // last checkpoint on the survivor's free slot (flink-conf/config.yaml says why).
            assertThat(last).isLessThan(45_000);
            assertThat(get(restPort, "/overview")).contains("\"taskmanagers\":1");
            assertThat(get(restPort, "/jobs/" + job)).contains("\"state\":\"RUNNING\"");
            // The segments being written on TaskManager 2 when it died are found, deleted and reported.
            for (String cam : on2) {
                StandaloneClusterITCase.awaitNewLineContaining(out1, linesBefore, "\"stream_id\":\"" + cam + "\",\"event\":\"error\","
                        + "\"reason\":\"recording: camera " + cam + ": 1 unfinished recording(s)", 90_000);
            }
            // Events go on after the failover, then the job stops with a savepoint (a last flush).
            Thread.sleep(8000);
            try {
                script(env, "flink", "stop", "--savepointPath", work.resolve("savepoints").toString(), job);
            } catch (AssertionError e) {
                printProblems(work.resolve("flink/log/jobmanager.log"));
                printProblems(work.resolve("flink/log/taskmanager.log"));
                throw e;
            }

            // Every event the job reported, by its key; those reported twice were replayed.
            List<String> reported = new ArrayList<>(eventKeys(Files.readAllLines(out2)));
            List<String> lines1 = Files.readAllLines(out1);
            // The restarted job reopens its cameras: its first "started" after the kill.
            int restart = linesBefore;
            while (restart < lines1.size() && !lines1.get(restart).contains("\"event\":\"started\"")) {
                restart++;
            }
            reported.addAll(eventKeys(lines1.subList(0, restart)));
            List<String> afterRecovery = eventKeys(lines1.subList(restart, lines1.size()));
            reported.addAll(afterRecovery);
            Set<String> distinct = new HashSet<>(reported);
            Set<String> stored = new HashSet<>();
            int rows = 0;
            try (EventStore store = EventStore.open("jdbc:sqlite:" + db)) {
                for (StoredEvent e : store.find(EventQuery.builder().limit(1_000_000).build())) {
                    rows++;
                    stored.add(e.streamId() + "/" + e.trackId() + "/" + e.kind() + "/" + e.subject() + "/" + e.occurrence());
                }
            }
            Set<String> lost = new HashSet<>(distinct);
            lost.removeAll(stored);
            System.out.printf("events reported %d (%d distinct, %d reported again after the failover), %d after the"
                    + " recovery; rows %d (%d distinct); reported but not stored: %d%n", reported.size(), distinct.size(),
                    reported.size() - distinct.size(), afterRecovery.size(), rows, stored.size(), lost.size());
            assertThat(rows).as("rows with the same event key").isEqualTo(stored.size());
            assertThat(distinct).containsAll(stored);
            // Everything since the recovery was written (the stop flushed the sink's last batch);
            // what was reported between the last checkpoint and the kill may have died unwritten
            // in a sink buffer (frames are live: those moments are not replayed).
            assertThat(afterRecovery).isNotEmpty();
            assertThat(stored).containsAll(afterRecovery);

            // Recording: no temporary file is left, every stored clip's file exists, and the
            // cameras of the dead TaskManager recorded on after the recovery.
            try (Stream<Path> files = Files.walk(recordings)) {
                assertThat(files.filter(f -> f.getFileName().toString().endsWith(".part")).toList()).isEmpty();
            }
            try (EventStore store = EventStore.open("jdbc:sqlite:" + db)) {
                for (String cam : CAMERAS) {
                    List<StoredClip> clips = store.clips().ofCamera(cam, null, 0, Long.MAX_VALUE, 1000, 0);
                    assertThat(clips).as("%s's segments", cam).isNotEmpty().allSatisfy(c -> assertThat(Path.of(c.file())).exists());
                    if (on2.contains(cam)) {
                        assertThat(clips.get(0).startMs()).as("%s recorded after the recovery", cam).isGreaterThan(killedAt);
                    }
                }
            }
        } finally {
            script(env, "cluster", "stop");
        }
    }

    private static void printProblems(Path log) throws java.io.IOException {
        if (Files.exists(log)) {
            List<String> lines = Files.readAllLines(log).stream()
                    .filter(l -> l.contains("ERROR") || l.contains("WARN") || l.contains("Exception") || l.contains("switched from"))
                    .toList();
            System.out.println("--- " + log + " (warnings, errors, state changes; last 60)");
            lines.subList(Math.max(0, lines.size() - 60), lines.size()).forEach(System.out::println);
        }
    }

    /** The idempotency keys of the track events among result lines. */
    private static List<String> eventKeys(List<String> lines) throws Exception {
        List<String> keys = new ArrayList<>();
        for (String line : lines) {
            // Events name their track; detections too, where they predict a missed track's box.
            if (line.contains("\"track_id\":") && !line.contains("\"event\":\"detections\"")) {
                JsonNode e = MAPPER.readTree(line.substring(line.indexOf('{'))); // after the print sink's "1> "
                keys.add(e.path("stream_id").asText() + "/" + e.path("track_id").asLong() + "/" + e.path("event").asText()
                        + "/" + e.path("zone").asText(e.path("line").asText()) + "/" + e.path("occurrence").asInt());
            }
        }
        return keys;
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.readString(file).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
