package io.streamyolo.source.reader;

import io.streamyolo.scene.SyntheticScene;
import io.streamyolo.source.event.StreamStatus;
import io.streamyolo.source.split.RtspStreamSplit;
import io.streamyolo.testing.RtspTestEnv;
import io.streamyolo.testing.ShippedFootage;
import io.streamyolo.scene.SceneVideo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints what decoding costs on this machine, through the real RTSP server serving pre-encoded
 * 640x360 H.264 (so the server spends no CPU on encoding):
 *
 * <ul>
 *   <li>CPU per 640x360@30 stream with one FFmpeg thread per stream (decoder thread CPU time);
 *   <li>how many 640x360@15 streams one reader's decoder threads keep up with (>= 95% of 15 fps
 *       each), with a consumer taking frames as a fast task thread would.
 *   <li>CPU per frame of the shipped real clips, looped by the server as live cameras: the shop's
 *       1920x1080 HEVC at 30 fps and the hall's 768x432 H.264 at 10 fps, one stream each.
 * </ul>
 *
 * <p>Run: {@code bin/bench-decoder}. It lives in the decoder's package (in the benchmarks module)
 * because it reads the decoder's package-private counters and thread.
 */
public final class DecoderBenchmark {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private DecoderBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of("target/bench-videos");
        Path video30 = SceneVideo.write(new SyntheticScene(900_001, 640, 360, 6), 900, 30, dir);
        Path video15 = SceneVideo.write(new SyntheticScene(900_002, 640, 360, 6), 900, 15, dir);
        System.out.printf(Locale.ROOT, "cores=%d%n", Runtime.getRuntime().availableProcessors());
        try (RtspTestEnv server = new RtspTestEnv("v30=file:" + video30.toAbsolutePath(), "v15=file:" + video15.toAbsolutePath()).start()) {
            Result one = run(server.url("v30"), 1, 8);
            System.out.printf(Locale.ROOT, "640x360@30, 1 stream, threads=1: %.1f fps decoded, %.2f ms CPU per frame, %.1f%% of one core%n",
                    one.fpsPerStream, one.cpuMsPerFrame, one.cpuPercentPerStream);
            System.out.printf(Locale.ROOT, "%8s %14s %14s %12s %10s%n", "streams", "fps/stream", "CPU ms/frame", "CPU %/strm", "dropped");
            for (int n : new int[] {1, 4, 8, 12, 16, 24, 32}) {
                Result r = run(server.url("v15"), n, 8);
                System.out.printf(Locale.ROOT, "%8d %14.2f %14.2f %12.1f %10d%n", n, r.fpsPerStream, r.cpuMsPerFrame,
                        r.cpuPercentPerStream, r.dropped);
                if (r.fpsPerStream < 15 * 0.95) {
                    System.out.printf(Locale.ROOT, "falls behind at %d streams of 640x360@15%n", n);
                    break;
                }
            }
        }
        try (RtspTestEnv server = new RtspTestEnv("shop=loop:" + ShippedFootage.path(ShippedFootage.SHOP),
                "hall=loop:" + ShippedFootage.path(ShippedFootage.HALL)).start()) {
            for (String clip : new String[] {"shop", "hall"}) {
                Result r = run(server.url(clip), 1, 10);
                System.out.printf(Locale.ROOT, "%s (%s), 1 stream: %.1f fps decoded, %.2f ms CPU per frame, %.1f%% of one core%n",
                        clip, clip.equals("shop") ? "1920x1080 HEVC 30 fps" : "768x432 H.264 10 fps",
                        r.fpsPerStream, r.cpuMsPerFrame, r.cpuPercentPerStream);
            }
        }
    }

    private record Result(double fpsPerStream, double cpuMsPerFrame, double cpuPercentPerStream, long dropped) {}

    private static Result run(String url, int streams, int seconds) throws Exception {
        StreamListener listener = new StreamListener() {
            @Override
            public void frameAvailable() {}

            @Override
            public void status(StreamStatus status) {
                if (status.kind() != StreamStatus.Kind.STARTED) {
                    System.out.println("  " + status.streamId() + ": " + status.message());
                }
            }
        };
        List<RtspStreamDecoder> decoders = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            RtspStreamDecoder d = new RtspStreamDecoder(new RtspStreamSplit("s" + i, url, 0, "tcp", null),
                    DecoderSettings.defaults(), listener);
            decoders.add(d);
            d.start();
        }
        // A fast consumer, as the task thread: takes every waiting frame.
        Thread consumer = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                decoders.forEach(RtspStreamDecoder::takeLatest);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        consumer.start();
        Thread.sleep(6000); // connect (in parallel, each probing up to 0.5 s) and warm up
        long frames0 = decoders.stream().mapToLong(d -> d.decoded.get()).sum();
        long cpu0 = decoders.stream().mapToLong(d -> THREADS.getThreadCpuTime(d.threadId())).sum();
        long dropped0 = decoders.stream().mapToLong(d -> d.droppedBehind.get()).sum();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long elapsed = System.nanoTime() - t0;
        long frames = decoders.stream().mapToLong(d -> d.decoded.get()).sum() - frames0;
        long cpu = decoders.stream().mapToLong(d -> THREADS.getThreadCpuTime(d.threadId())).sum() - cpu0;
        long dropped = decoders.stream().mapToLong(d -> d.droppedBehind.get()).sum() - dropped0;
        consumer.interrupt();
        decoders.forEach(RtspStreamDecoder::stop);
        for (RtspStreamDecoder d : decoders) {
            d.join(6000);
        }
        double fps = frames / (elapsed / 1e9) / streams;
        return new Result(fps, frames == 0 ? 0 : cpu / 1e6 / frames, 100.0 * cpu / elapsed / streams, dropped);
    }
}
