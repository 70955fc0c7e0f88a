package io.streamyolo.source.record;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_free;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * A camera's recording files: the one being written (at most one), their names, and the ones
 * completed, waiting for the detection stage to take them. A file that cannot be written is a
 * problem report, and the next file waits {@value #RETRY_MILLIS} ms. Decoder thread only, but
 * {@link #takeCompleted()} (task thread).
 */
final class RecordingFiles {

    /** After a file could not be written, wait this long before trying the next. */
    static final long RETRY_MILLIS = 10_000;
    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final String streamId;
    private final Path dir;
    private final ProblemReports problems;
    private final Queue<RecordedClip> completed = new ConcurrentLinkedQueue<>();
    private AVCodecParameters codec;
    private AVRational timeBase;
    private String codecName;
    private Mp4ClipFile current;
    private String currentKind;
    /** The tracks the file being written shows (they stay for its next part). */
    final Set<Long> tracks = new LinkedHashSet<>();
    private long retryAfterMillis = Long.MIN_VALUE;

    RecordingFiles(String streamId, Path dir, ProblemReports problems) {
        this.streamId = streamId;
        this.dir = dir;
        this.problems = problems;
    }

    /** The stream the files are of, from now on (its codec parameters are copied). */
    void stream(AVStream stream) {
        freeCodec();
        codec = avcodec_parameters_alloc();
        avcodec_parameters_copy(codec, stream.codecpar());
        timeBase = new AVRational().num(stream.time_base().num()).den(stream.time_base().den());
        codecName = avcodec_get_name(stream.codecpar().codec_id()).getString();
    }

    /** The stream's codec parameters (null before {@link #stream}); a keyframe may fill their extradata. */
    AVCodecParameters codec() {
        return codec;
    }

    boolean writing() {
        return current != null;
    }

    /** The file being written started at this time (only while {@link #writing()}). */
    long startMillis() {
        return current.startMillis;
    }

    /** Whether a new file may be tried at this time (not within a while of a failed one). */
    boolean mayStart(long wallMillis) {
        return wallMillis >= retryAfterMillis;
    }

    /** Opens a new file whose first packet is at {@code startMillis}; false when it cannot be written. */
    boolean start(String kind, long startMillis) {
        Path file = dir.resolve(directoryName(streamId) + "-" + FILE_TIME.format(Instant.ofEpochMilli(startMillis)) + "-" + kind + ".mp4");
        try {
            current = new Mp4ClipFile(file, codec, timeBase, startMillis);
            currentKind = kind;
            return true;
        } catch (IOException e) {
            failed(e, startMillis);
            return false;
        }
    }

    void write(EncodedPacket p) {
        try {
            current.write(p);
        } catch (IOException e) {
            failed(e, p.wallMillis);
        }
    }

    /** Completes the file being written (if any) and hands it to the detection stage. */
    void finish() {
        if (current == null) {
            return;
        }
        Mp4ClipFile clip = current;
        current = null;
        try {
            Path file = clip.finish();
            completed.add(new RecordedClip(streamId, currentKind, clip.startMillis, clip.endMillis, file, Files.size(file), codecName,
                    new ArrayList<>(tracks)));
        } catch (IOException e) {
            problems.report("camera " + streamId + ": " + e.getMessage(), clip.endMillis);
        }
    }

    /** The files completed since the last call. Task thread. */
    List<RecordedClip> takeCompleted() {
        List<RecordedClip> out = new ArrayList<>();
        for (RecordedClip c = completed.poll(); c != null; c = completed.poll()) {
            out.add(c);
        }
        return out;
    }

    /** The native parts go. */
    void close() {
        finish();
        freeCodec();
    }

    /** A file could not be written: it goes, and the next file waits a while. */
    private void failed(IOException e, long wallMillis) {
        if (current != null) {
            current.abandon();
            current = null;
        }
        tracks.clear();
        retryAfterMillis = wallMillis + RETRY_MILLIS;
        problems.report("camera " + streamId + " cannot record: " + e.getMessage(), wallMillis);
    }

    private void freeCodec() {
        if (codec != null) {
            avcodec_parameters_free(codec);
            codec = null;
        }
    }

    /** A file-system-safe name for the camera's directory and files. */
    static String directoryName(String streamId) {
        String safe = streamId.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.startsWith(".") ? "_" + safe.substring(1) : safe;
    }
}
