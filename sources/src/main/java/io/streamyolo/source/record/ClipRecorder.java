package io.streamyolo.source.record;

import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import io.streamyolo.control.settings.RecordSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;

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
    /** How often the camera's directory is looked at for files left by a killed TaskManager. */
    private static final long LEFTOVER_CHECK_MILLIS = 10_000;
    public static final long DEFAULT_RING_BYTES = 64L << 20;

    private final String streamId;
    private final Path dir;
    private final PacketRing ring;
    private final ProblemReports problems = new ProblemReports();
    private final TriggerInbox inbox = new TriggerInbox();
    private final RecordingFiles files;
    private volatile RecordSettings settings;

    // Decoder thread only.
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
    private long nextLeftoverCheckMillis = Long.MIN_VALUE;

    /**
     * @param recordings the job's recordings directory; null when the job has none (then a camera
     *     asking to record gets a problem report, once)
     * @param settings the camera's recording settings as its START gives them
     */
    public ClipRecorder(String streamId, Path recordings, RecordSettings settings, long ringBytes) {
        this.streamId = streamId;
        this.dir = recordings == null ? null : recordings.resolve(RecordingFiles.directoryName(streamId));
        this.settings = (settings == null ? RecordSettings.NONE : settings).resolved();
        this.ring = new PacketRing(ringBytes);
        this.maxHeldBytes = ringBytes;
        this.files = new RecordingFiles(streamId, dir, problems);
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
    public void trigger(long frameMillis, List<Long> trackIds) {
        inbox.trigger(frameMillis, trackIds);
    }

    /**
     * The detection stage has decided on the camera's frames up to {@code frameMillis} (detected,
     * skipped or predicted them): no trigger will come for earlier frames, so a clip whose
     * post-roll ends before that can end. Task thread.
     */
    public void progress(long frameMillis) {
        inbox.progress(frameMillis);
    }

    /** The clips completed since the last call. Task thread. */
    public List<RecordedClip> takeClips() {
        return files.takeCompleted();
    }

    /** What went wrong since the last call, in plain words naming the file or directory. Task thread. */
    public List<String> takeProblems() {
        return problems.take();
    }

    // ---- decoder thread ----------------------------------------------------------------------

    /** The camera (re)connected: its packets from now on are of this stream. */
    public void connected(AVStream stream) {
        endClip();
        ring.clear();
        files.stream(stream);
    }

    /** A video packet as read from the camera (the caller keeps and unrefs its own reference). */
    public void packet(AVPacket read, long wallMillis) {
        RecordSettings s = settings;
        if (s.mode() == RecordSettings.Mode.OFF || files.codec() == null) {
            if (files.writing() || ring.bytes() > 0) {
                endClip();
                ring.clear();
            }
            return;
        }
        if (dir == null) {
            problems.report("camera " + streamId + " is set to record, but the job has no recordings directory (--recordings)",
                    wallMillis);
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
        if (p.key && !ParameterSets.fillFrom(files.codec(), p)) {
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
        if (files.writing()) {
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
        files.close();
    }

    private void events(EncodedPacket p, RecordSettings s) {
        takeTrigger();
        if (!files.writing()) {
            if (firstTriggerMillis != Long.MIN_VALUE && files.mayStart(p.wallMillis)) {
                List<EncodedPacket> from = ring.from(firstTriggerMillis - seconds(s.preRollSeconds()));
                if (files.start(RecordedClip.EVENT, from.get(0).wallMillis)) {
                    from.forEach(f -> hold(f.copy()));
                } else {
                    forgetClip();
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
        while (files.writing() && !held.isEmpty()) {
            EncodedPacket p = held.peekFirst();
            if (p.wallMillis <= lastTriggerMillis + postRoll) {
                held.removeFirst();
                heldBytes -= p.size;
                if (p.key && p.wallMillis - files.startMillis() >= seconds(s.maxClipSeconds())) {
                    files.finish();
                    files.start(RecordedClip.EVENT, p.wallMillis);
                }
                if (files.writing()) {
                    files.write(p);
                }
                p.free();
            } else if (progressMillis >= p.wallMillis - postRoll || heldBytes > maxHeldBytes) {
                endClip();
            } else {
                return; // detection has not decided on this packet's time yet
            }
        }
        if (!files.writing()) {
            forgetClip(); // a file that failed: its packets and tracks go
        }
    }

    private void continuous(EncodedPacket p, RecordSettings s) {
        takeTrigger(); // tracks seen go with the segment they fall in
        if (files.writing() && p.key && p.wallMillis - files.startMillis() >= seconds(s.segmentSeconds())) {
            endClip();
        }
        if (!files.writing() && p.key && files.mayStart(p.wallMillis)) {
            files.start(RecordedClip.SEGMENT, p.wallMillis);
        }
        if (files.writing()) {
            files.write(p);
        }
    }

    private void takeTrigger() {
        TriggerInbox.Taken t = inbox.take();
        progressMillis = Math.max(progressMillis, t.progressMillis());
        if (!t.triggered()) {
            return;
        }
        if (!files.writing() && firstTriggerMillis == Long.MIN_VALUE) {
            firstTriggerMillis = t.firstTriggerMillis();
        }
        lastTriggerMillis = Math.max(lastTriggerMillis, t.lastTriggerMillis());
        files.tracks.addAll(t.tracks());
    }

    /** Ends the clip being written (if any): its file is complete, its held packets go. */
    private void endClip() {
        files.finish();
        forgetClip();
    }

    private void forgetClip() {
        held.forEach(EncodedPacket::free);
        held.clear();
        heldBytes = 0;
        files.tracks.clear();
        firstTriggerMillis = Long.MIN_VALUE;
    }

    /** Deletes the temporary files a killed TaskManager left, and says that their video is lost. */
    private void deleteLeftovers() {
        try {
            int deleted = LeftoverRecordings.deleteIn(dir);
            if (deleted > 0) {
                problems.report("camera " + streamId + ": " + deleted + " unfinished recording(s) in " + dir
                        + " were left by a stopped TaskManager and deleted: that video is lost", System.currentTimeMillis());
            }
        } catch (IOException e) {
            problems.report("camera " + streamId + ": cannot list " + dir + ": " + e, System.currentTimeMillis());
        }
    }

    private static long seconds(Double seconds) {
        return Math.round(seconds * 1000);
    }
}
