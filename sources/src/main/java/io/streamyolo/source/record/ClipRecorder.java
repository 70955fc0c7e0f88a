package io.streamyolo.source.record;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_free;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import io.streamyolo.control.settings.RecordSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * Records one camera from the packets its decoder thread reads (one connection serves detection
 * and recording): event clips with pre- and post-roll, or continuous segments, as its {@link
 * RecordSettings} say, into {@code <recordings>/<camera>/}.
 *
 * <p>Threads: the decoder thread calls {@link #connected}, {@link #packet}, {@link #disconnected}
 * and {@link #close}; the detection subtask's task thread calls {@link #trigger} (a frame has
 * tracks that make clips), {@link #takeClips()} and {@link #takeProblems()}; any thread calls
 * {@link #update}. Files are written on the decoder thread: a packet is a few kilobytes, and
 * writing it costs less than decoding it.
 */
public final class ClipRecorder {

    /** Detection runs behind the packets by up to this much: the ring keeps it beyond the pre-roll. */
    private static final long DETECTION_LAG_MILLIS = 10_000;
    /** After a file could not be written, wait this long before trying the next. */
    private static final long RETRY_MILLIS = 10_000;
    /**
     * A temporary file that no recorder of this JVM writes, untouched this long, was left by a
     * killed TaskManager (a live writer elsewhere adds to its file at least as often as detection
     * decides on its packets: within seconds).
     */
    private static final long LEFTOVER_AGE_MILLIS = 20_000;
    /** How often the camera's directory is looked at for files left by a killed TaskManager. */
    private static final long LEFTOVER_CHECK_MILLIS = 10_000;
    /** The same problem is reported again only after this long. */
    private static final long REPEAT_PROBLEM_MILLIS = 60_000;
    public static final long DEFAULT_RING_BYTES = 64L << 20;
    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final String streamId;
    private final Path dir;
    private final PacketRing ring;
    private final Queue<RecordedClip> clips = new ConcurrentLinkedQueue<>();
    private final Queue<String> problems = new ConcurrentLinkedQueue<>();
    private volatile RecordSettings settings;

    /** Task thread → decoder thread, under this object's lock. */
    private long pendingFirstMillis = Long.MIN_VALUE;
    private long pendingLastMillis = Long.MIN_VALUE;
    private final Set<Long> pendingTracks = new LinkedHashSet<>();
    private long pendingProgressMillis = Long.MIN_VALUE;

    // Decoder thread only.
    private AVCodecParameters codec;
    private AVRational timeBase;
    private String codecName;
    private Mp4ClipFile current;
    private String currentKind;
    private final Set<Long> currentTracks = new LinkedHashSet<>();
    private long firstTriggerMillis = Long.MIN_VALUE;
    private long lastTriggerMillis = Long.MIN_VALUE;
    private long progressMillis = Long.MIN_VALUE;
    /**
     * The open clip's packets that wait for detection to decide on them: detection runs behind
     * the packets, and a packet past the post-roll of the last trigger may yet be wanted, if a
     * frame of its time shows a track. Bounded like the ring: a stalled detection ends the clip.
     */
    private final ArrayDeque<EncodedPacket> held = new ArrayDeque<>();
    private long heldBytes;
    private final long maxHeldBytes;
    private long retryAfterMillis = Long.MIN_VALUE;
    private String lastProblem;
    private long lastProblemMillis;
    private long nextLeftoverCheckMillis = Long.MIN_VALUE;

    /**
     * @param recordings the job's recordings directory; null when the job has none (then a camera
     *     asking to record gets a problem report, once)
     * @param settings the camera's recording settings as its START gives them
     */
    public ClipRecorder(String streamId, Path recordings, RecordSettings settings, long ringBytes) {
        this.streamId = streamId;
        this.dir = recordings == null ? null : recordings.resolve(directoryName(streamId));
        this.settings = (settings == null ? RecordSettings.NONE : settings).resolved();
        this.ring = new PacketRing(ringBytes);
        this.maxHeldBytes = ringBytes;
    }

    /** An UPDATE's recording fields (null: none given); they apply from the next packet. */
    public void update(RecordSettings update) {
        settings = settings.then(update);
    }

    public RecordSettings settings() {
        return settings;
    }

    public String streamId() {
        return streamId;
    }

    /** The bytes of packets held for pre-roll and for clips waiting on detection (decoder thread). */
    long bufferedBytes() {
        return ring.bytes() + heldBytes;
    }

    /**
     * A frame captured at {@code frameMillis} shows tracks that make clips: the clip runs until
     * {@code post_roll} after the last such frame. Task thread.
     */
    public synchronized void trigger(long frameMillis, List<Long> trackIds) {
        if (pendingFirstMillis == Long.MIN_VALUE) {
            pendingFirstMillis = frameMillis;
        }
        pendingLastMillis = Math.max(pendingLastMillis, frameMillis);
        pendingTracks.addAll(trackIds);
    }

    /**
     * The detection stage has decided on the camera's frames up to {@code frameMillis} (detected,
     * skipped or predicted them): no trigger will come for earlier frames, so a clip whose
     * post-roll ends before that can end. Task thread.
     */
    public synchronized void progress(long frameMillis) {
        pendingProgressMillis = Math.max(pendingProgressMillis, frameMillis);
    }

    /** The clips completed since the last call. Task thread. */
    public List<RecordedClip> takeClips() {
        return drain(clips);
    }

    /** What went wrong since the last call, in plain words naming the file or directory. Task thread. */
    public List<String> takeProblems() {
        return drain(problems);
    }

    // ---- decoder thread ----------------------------------------------------------------------

    /** The camera (re)connected: its packets from now on are of this stream. */
    public void connected(AVStream stream) {
        endClip();
        ring.clear();
        freeCodec();
        codec = avcodec_parameters_alloc();
        avcodec_parameters_copy(codec, stream.codecpar());
        timeBase = new AVRational().num(stream.time_base().num()).den(stream.time_base().den());
        codecName = avcodec_get_name(stream.codecpar().codec_id()).getString();
    }

    /** A video packet as read from the camera (the caller keeps and unrefs its own reference). */
    public void packet(AVPacket read, long wallMillis) {
        RecordSettings s = settings;
        if (s.mode() == RecordSettings.Mode.OFF || codec == null) {
            if (current != null || ring.bytes() > 0) {
                endClip();
                ring.clear();
            }
            return;
        }
        if (dir == null) {
            problem("camera " + streamId + " is set to record, but the job has no recordings directory (--recordings)", wallMillis);
            return;
        }
        if (wallMillis >= nextLeftoverCheckMillis) {
            nextLeftoverCheckMillis = wallMillis + LEFTOVER_CHECK_MILLIS;
            deleteLeftovers();
        }
        if (read.dts() == AV_NOPTS_VALUE) {
            // FFmpeg dates a connection's first packets only once it has seen enough of them to
            // order B-frames (measured: an HEVC camera's first 3, its first keyframe among them):
            // the recording starts at the next keyframe.
            return;
        }
        EncodedPacket p = EncodedPacket.of(read, wallMillis);
        if (p.key && !ParameterSets.fillFrom(codec, p)) {
            p.free();
            return; // a keyframe without parameter sets, and none known: no file could be played
        }
        if (!ring.add(p, seconds(s.preRollSeconds()) + DETECTION_LAG_MILLIS)) {
            return; // before the connection's first keyframe: nothing to start a file with
        }
        if (s.mode() == RecordSettings.Mode.CONTINUOUS) {
            continuous(p, s);
        } else {
            events(p, s);
        }
    }

    /** The connection ended: a clip being written ends with the packets it surely wants. */
    public void disconnected() {
        if (current != null && RecordedClip.EVENT.equals(currentKind)) {
            takeTrigger();
            progressMillis = Long.MAX_VALUE; // no packet comes after these
            writeDecided(settings);
        }
        endClip();
        ring.clear();
    }

    /** The decoder ends: as {@link #disconnected()}, and the native parts go. */
    public void close() {
        disconnected();
        freeCodec();
    }

    private void events(EncodedPacket p, RecordSettings s) {
        takeTrigger();
        if (current == null) {
            if (firstTriggerMillis != Long.MIN_VALUE && p.wallMillis >= retryAfterMillis) {
                List<EncodedPacket> from = ring.from(firstTriggerMillis - seconds(s.preRollSeconds()));
                if (start(RecordedClip.EVENT, from.get(0).wallMillis)) {
                    from.forEach(f -> hold(f.copy()));
                }
            }
        } else {
            hold(p.copy());
        }
        writeDecided(s);
    }

    private void hold(EncodedPacket p) {
        held.addLast(p);
        heldBytes += p.size;
    }

    /**
     * Writes the held packets that are wanted (at most {@code post_roll} after the last trigger),
     * and ends the clip at the first that detection has passed by more than the post-roll without
     * a trigger. A long clip goes on in a new part from a keyframe past {@code max_clip}.
     */
    private void writeDecided(RecordSettings s) {
        long postRoll = seconds(s.postRollSeconds());
        while (current != null && !held.isEmpty()) {
            EncodedPacket p = held.peekFirst();
            if (p.wallMillis <= lastTriggerMillis + postRoll) {
                held.removeFirst();
                heldBytes -= p.size;
                if (p.key && p.wallMillis - current.startMillis >= seconds(s.maxClipSeconds())) {
                    finishFile();
                    start(RecordedClip.EVENT, p.wallMillis);
                }
                if (current != null) {
                    write(p);
                }
                p.free();
            } else if (progressMillis >= p.wallMillis - postRoll || heldBytes > maxHeldBytes) {
                endClip();
            } else {
                return; // detection has not decided on this packet's time yet
            }
        }
    }

    private void continuous(EncodedPacket p, RecordSettings s) {
        takeTrigger(); // tracks seen go with the segment they fall in
        if (current != null && p.key && p.wallMillis - current.startMillis >= seconds(s.segmentSeconds())) {
            endClip();
        }
        if (current == null && p.key && p.wallMillis >= retryAfterMillis) {
            start(RecordedClip.SEGMENT, p.wallMillis);
        }
        if (current != null) {
            write(p);
        }
    }

    private void takeTrigger() {
        synchronized (this) {
            progressMillis = Math.max(progressMillis, pendingProgressMillis);
            pendingProgressMillis = Long.MIN_VALUE;
            if (pendingLastMillis == Long.MIN_VALUE) {
                return;
            }
            progressMillis = Math.max(progressMillis, pendingLastMillis);
            if (current == null && firstTriggerMillis == Long.MIN_VALUE) {
                firstTriggerMillis = pendingFirstMillis;
            }
            lastTriggerMillis = Math.max(lastTriggerMillis, pendingLastMillis);
            currentTracks.addAll(pendingTracks);
            pendingTracks.clear();
            pendingFirstMillis = Long.MIN_VALUE;
            pendingLastMillis = Long.MIN_VALUE;
        }
    }

    /** Opens a new file whose first packet is at {@code startMillis}; false when it cannot be written. */
    private boolean start(String kind, long startMillis) {
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

    private void write(EncodedPacket p) {
        try {
            current.write(p);
        } catch (IOException e) {
            failed(e, p.wallMillis);
        }
    }

    /** Ends the clip being written (if any): its file is complete, its held packets go. */
    private void endClip() {
        finishFile();
        freeHeld();
        currentTracks.clear();
        firstTriggerMillis = Long.MIN_VALUE;
    }

    /** Completes the file being written and reports it; the clip's tracks stay for a next part. */
    private void finishFile() {
        if (current == null) {
            return;
        }
        Mp4ClipFile clip = current;
        current = null;
        try {
            Path file = clip.finish();
            clips.add(new RecordedClip(streamId, currentKind, clip.startMillis, clip.endMillis, file, Files.size(file), codecName,
                    new ArrayList<>(currentTracks)));
        } catch (IOException e) {
            problem("camera " + streamId + ": " + e.getMessage(), clip.endMillis);
        }
    }

    private void freeHeld() {
        held.forEach(EncodedPacket::free);
        held.clear();
        heldBytes = 0;
    }

    /** A file could not be written: it goes, detection goes on, and the next file waits a while. */
    private void failed(IOException e, long wallMillis) {
        if (current != null) {
            current.abandon();
            current = null;
        }
        freeHeld();
        currentTracks.clear();
        firstTriggerMillis = Long.MIN_VALUE;
        retryAfterMillis = wallMillis + RETRY_MILLIS;
        problem("camera " + streamId + " cannot record: " + e.getMessage(), wallMillis);
    }

    /** Deletes the temporary files a killed TaskManager left, and says that their video is lost. */
    private void deleteLeftovers() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> parts;
        try (Stream<Path> files = Files.list(dir)) {
            long staleBefore = System.currentTimeMillis() - LEFTOVER_AGE_MILLIS;
            parts = files.filter(f -> f.getFileName().toString().startsWith(".") && f.toString().endsWith(Mp4ClipFile.PART_SUFFIX)
                    && !Mp4ClipFile.isOpen(f) && modifiedBefore(f, staleBefore)).toList();
        } catch (IOException e) {
            problem("camera " + streamId + ": cannot list " + dir + ": " + e, System.currentTimeMillis());
            return;
        }
        for (Path part : parts) {
            try {
                Files.deleteIfExists(part);
            } catch (IOException e) {
                // It stays hidden; the next start tries again.
            }
        }
        if (!parts.isEmpty()) {
            problem("camera " + streamId + ": " + parts.size() + " unfinished recording(s) in " + dir
                    + " were left by a stopped TaskManager and deleted: that video is lost", System.currentTimeMillis());
        }
    }

    private static boolean modifiedBefore(Path file, long millis) {
        try {
            return Files.getLastModifiedTime(file).toMillis() < millis;
        } catch (IOException e) {
            return false; // gone meanwhile
        }
    }

    private void problem(String message, long wallMillis) {
        if (message.equals(lastProblem) && wallMillis - lastProblemMillis < REPEAT_PROBLEM_MILLIS) {
            return;
        }
        lastProblem = message;
        lastProblemMillis = wallMillis;
        problems.add(message);
    }

    private void freeCodec() {
        if (codec != null) {
            avcodec_parameters_free(codec);
            codec = null;
        }
    }

    private static long seconds(Double seconds) {
        return Math.round(seconds * 1000);
    }

    /** A file-system-safe name for the camera's directory and files. */
    static String directoryName(String streamId) {
        String safe = streamId.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.startsWith(".") ? "_" + safe.substring(1) : safe;
    }

    private static <T> List<T> drain(Queue<T> queue) {
        List<T> out = new ArrayList<>();
        for (T t = queue.poll(); t != null; t = queue.poll()) {
            out.add(t);
        }
        return out;
    }
}
