package io.streamyolo.source.record;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_clone;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;

import io.streamyolo.control.settings.RecordSettings;
import io.streamyolo.testing.ShippedFootage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * Prints what recording costs a camera, on the shipped clips: the packets of each clip, read into
 * memory once and played in a loop for {@code MINUTES} minutes of video (their timestamps moved
 * on with each loop), go through a camera's {@link ClipRecorder} as the decoder thread hands them
 * over, and the thread's CPU time is measured:
 *
 * <ul>
 *   <li>{@code off}: the recorder with recording off (what every camera pays);
 *   <li>{@code events}: an event of 10 s every 60 s (a synthetic pattern), 5 s pre- and post-roll;
 *   <li>{@code continuous}: 60 s segments.
 * </ul>
 *
 * For each: CPU per second of video and as a share of one core in real time, the largest buffer
 * (ring and held packets), and the bytes written per hour of video. Writing goes to the page
 * cache of {@code target/bench-recordings}; a disk's own speed is not in it.
 *
 * <p>Run: {@code bin/bench-recorder [MINUTES]}.
 */
public final class RecordingBenchmark {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long T0 = 1_800_000_000_000L;

    private RecordingBenchmark() {}

    public static void main(String[] args) throws Exception {
        int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path dir = Path.of("target/bench-recordings").toAbsolutePath();
        System.out.printf(Locale.ROOT, "cores=%d, %d min of video per row%n", Runtime.getRuntime().availableProcessors(), minutes);
        System.out.printf(Locale.ROOT, "%-9s %-26s %-11s %10s %10s %11s %12s %7s%n", "clip", "video", "mode", "CPU ms/s",
                "% of core", "buffer MB", "MB per hour", "files");
        for (String clip : List.of(ShippedFootage.SHOP, ShippedFootage.HALL, ShippedFootage.CAR_PARK)) {
            Clip c = Clip.read(ShippedFootage.path(clip));
            for (String mode : List.of("off", "events", "continuous")) {
                deleteAll(dir);
                Row r = run(c, mode, minutes, dir);
                System.out.printf(Locale.ROOT, "%-9s %-26s %-11s %10.3f %10.3f %11.1f %12.1f %7d%n", clip.substring(0, Math.min(9, clip.length())),
                        c.description, mode, r.cpuMsPerVideoSecond, r.cpuMsPerVideoSecond / 10.0, r.maxBufferBytes / 1e6,
                        r.bytesWritten / 1e6 * 60 / minutes, r.files);
            }
            c.free();
        }
        deleteAll(dir);
    }

    private record Row(double cpuMsPerVideoSecond, long maxBufferBytes, long bytesWritten, int files) {}

    private static Row run(Clip c, String mode, int minutes, Path dir) {
        RecordSettings settings = switch (mode) {
            case "off" -> new RecordSettings(RecordSettings.Mode.OFF, null, null, null, null, null, null);
            case "events" -> new RecordSettings(RecordSettings.Mode.EVENTS, null, null, 5.0, 5.0, null, null);
            default -> new RecordSettings(RecordSettings.Mode.CONTINUOUS, null, null, null, null, null, 60.0);
        };
        ClipRecorder recorder = new ClipRecorder("bench", dir, settings, ClipRecorder.DEFAULT_RING_BYTES);
        recorder.connected(c.stream);
        long videoMillis = minutes * 60_000L;
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long maxBuffer = 0;
        long bytes = 0;
        int files = 0;
        AVPacket p = null;
        outer:
        for (int loop = 0; ; loop++) {
            long offsetTicks = Math.round(loop * c.durationMillis / 1000.0 / c.timeBase);
            for (AVPacket original : c.packets) {
                long pts = original.pts() + offsetTicks;
                long wall = T0 + Math.round(pts * c.timeBase * 1000);
                if (wall - T0 >= videoMillis) {
                    break outer;
                }
                p = av_packet_clone(original);
                p.pts(pts);
                p.dts(original.dts() + offsetTicks);
                if ("events".equals(mode)) {
                    long inMinute = (wall - T0) % 60_000;
                    if (inMinute >= 20_000 && inMinute < 30_000) {
                        recorder.trigger(wall, List.of(1L));
                    } else {
                        recorder.progress(wall);
                    }
                }
                recorder.packet(p, wall);
                av_packet_unref(p);
                av_packet_free(p);
                maxBuffer = Math.max(maxBuffer, recorder.bufferedBytes());
            }
            for (RecordedClip done : recorder.takeClips()) {
                bytes += done.sizeBytes();
                files++;
            }
        }
        recorder.disconnected();
        double cpuMs = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e6;
        for (RecordedClip done : recorder.takeClips()) {
            bytes += done.sizeBytes();
            files++;
        }
        recorder.close();
        return new Row(cpuMs / (videoMillis / 1000.0), maxBuffer, bytes, files);
    }

    /** A clip's video packets in memory, and its stream (kept open for its codec parameters). */
    private static final class Clip {
        final FFmpegFrameGrabber grabber;
        final AVStream stream;
        final List<AVPacket> packets = new ArrayList<>();
        final double timeBase;
        final long durationMillis;
        final String description;

        private Clip(FFmpegFrameGrabber grabber, AVStream stream) {
            this.grabber = grabber;
            this.stream = stream;
            this.timeBase = stream.time_base().num() / (double) stream.time_base().den();
            this.durationMillis = grabber.getLengthInTime() / 1000;
            this.description = String.format(Locale.ROOT, "%dx%d %s %.0f fps", grabber.getImageWidth(), grabber.getImageHeight(),
                    grabber.getVideoCodecName(), grabber.getFrameRate());
        }

        static Clip read(Path file) throws Exception {
            FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
            grabber.start();
            int index = av_find_best_stream(grabber.getFormatContext(), AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
            Clip c = new Clip(grabber, grabber.getFormatContext().streams(index));
            for (AVPacket p = grabber.grabPacket(); p != null; p = grabber.grabPacket()) {
                if (p.stream_index() == index) {
                    c.packets.add(av_packet_clone(p));
                }
                av_packet_unref(p);
            }
            return c;
        }

        void free() throws Exception {
            packets.forEach(p -> av_packet_free(p));
            grabber.close();
        }
    }

    private static void deleteAll(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
