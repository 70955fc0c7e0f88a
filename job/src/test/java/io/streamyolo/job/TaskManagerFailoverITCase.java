package io.streamyolo.job;

import static io.streamyolo.job.StandaloneClusterITCase.ROOT;
import static io.streamyolo.job.StandaloneClusterITCase.awaitCheckpoint;
import static io.streamyolo.job.StandaloneClusterITCase.get;
import static io.streamyolo.job.StandaloneClusterITCase.jobId;
import static io.streamyolo.job.StandaloneClusterITCase.script;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.model.ShippedModels;
import io.streamyolo.source.testutils.RtspTestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * More TaskManagers carry the same job: on a standalone cluster started by the project's scripts
 * with two TaskManager processes (own JVMs, ports and temp dirs, as two machines), cameras run on
 * both; one TaskManager is killed with SIGKILL and not restarted, and every camera comes back on
 * the survivor.
 */
class TaskManagerFailoverITCase {

    private static final List<String> CAMERAS = List.of("cam1", "cam2", "cam3", "cam4");

    @Test
    void testCamerasComeBackOnTheSurvivingTaskManager(@TempDir Path work) throws Exception {
        int restPort = RtspTestEnv.freePort();
        Map<String, String> env = Map.of("STREAMYOLO_WORK", work.toString(), "REST_PORT", String.valueOf(restPort),
                "JM_RPC_PORT", String.valueOf(RtspTestEnv.freePort()));
        Path jar = ROOT.resolve("job/target/streamyolo-job-0.1.0-SNAPSHOT-flink.jar");
        assertThat(jar).exists();
        try (RtspTestEnv camera = new RtspTestEnv("cam=live:320x240@10").start()) {
            script(env, "cluster", "start", "--taskmanagers", "2");
            assertThat(get(restPort, "/overview")).contains("\"taskmanagers\":2").contains("\"slots-total\":4");
            Path control = work.resolve("commands.jsonl");
            Files.writeString(control, "");
            String[] args = {"flink", "run", "-d", "-p", "2", jar.toString(),
                "--model", ShippedModels.path(ShippedModels.SHAPES).toString(), "--control-file", control.toString(),
                "--checkpoint-interval-ms", "2000", "--summary-interval-s", "0"};
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
            awaitCheckpoint(work.resolve("checkpoints").resolve(job), 30_000);

            // TaskManager 2 dies like a lost machine: no shutdown, no restart.
            long pid = Long.parseLong(Files.readString(work.resolve("flink/taskmanager-2.pid")).strip());
            int linesBefore = Files.readAllLines(out1).size();
            long killedAt = System.currentTimeMillis();
            new ProcessBuilder("kill", "-9", String.valueOf(pid)).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
            long last = 0;
            for (String cam : CAMERAS) {
                StandaloneClusterITCase.awaitNewLineContaining(out1, linesBefore,
                        "\"stream_id\":\"" + cam + "\",\"event\":\"detections\"", 120_000);
                last = System.currentTimeMillis() - killedAt;
                System.out.printf("%s detected on TaskManager 1 again %d ms after the kill%n", cam, last);
            }
            // Heartbeats (2 s, two failed RPCs) notice the dead process; the job restarts from its
            // last checkpoint on the survivor's free slot (flink-conf/config.yaml says why).
            assertThat(last).isLessThan(45_000);
            assertThat(get(restPort, "/overview")).contains("\"taskmanagers\":1");
            assertThat(get(restPort, "/jobs/" + job)).contains("\"state\":\"RUNNING\"");
            script(env, "flink", "cancel", job);
        } finally {
            script(env, "cluster", "stop");
        }
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.readString(file).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
