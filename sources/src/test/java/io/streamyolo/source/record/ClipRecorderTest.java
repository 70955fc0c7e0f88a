package io.streamyolo.source.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;

import io.streamyolo.control.settings.RecordSettings;
import io.streamyolo.testing.ShippedFootage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder on the real footage's packets (H.264 and HEVC), read from the files as the decoder
 * thread reads a camera's, each given the wall-clock time of its timestamp; the clips it writes
 * are read back whole with FFmpeg.
 */
class ClipRecorderTest {

    private static final long T0 = 1_700_000_000_000L;

    /** Each packet's wall-clock time: T0 plus its presentation time. */
    private interface PacketHook {
        void packet(ClipRecorder recorder, long wallMillis);
    }

    @Test
    void testEventClipRunsFromPreRollBeforeTheFirstTriggerToPostRollAfterTheLastAndStartsWithAKeyframe(@TempDir Path dir)
            throws Exception {
        // The hall clip (H.264, 10 fps): a track seen from 20 s to 30 s.
        ClipRecorder recorder = new ClipRecorder("hall", dir, events(3, 2, 300), 64 << 20);
        play(ShippedFootage.path(ShippedFootage.HALL), recorder, 45_000, (r, wall) -> {
            if (wall >= T0 + 20_000 && wall <= T0 + 30_000) {
                r.trigger(wall, List.of(7L));
            } else {
                r.progress(wall);
            }
        });
        List<RecordedClip> clips = recorder.takeClips();
        assertThat(clips).hasSize(1);
        RecordedClip clip = clips.get(0);
        assertThat(clip.kind()).isEqualTo(RecordedClip.EVENT);
        assertThat(clip.codec()).isEqualTo("h264");
        assertThat(clip.trackIds()).containsExactly(7L);
        assertThat(clip.file()).exists().hasParent(dir.resolve("hall"));
        assertThat(clip.sizeBytes()).isEqualTo(Files.size(clip.file()));
        // It starts at the last keyframe at or before 17 s and ends 2 s after the last trigger.
        assertThat(clip.startMillis()).isBetween(T0 + 17_000 - maxGopMillis(ShippedFootage.path(ShippedFootage.HALL)), T0 + 17_000);
        assertThat(clip.endMillis()).isBetween(T0 + 31_800, T0 + 32_000);
        FileReadBack back = FileReadBack.of(clip.file());
        assertThat(back.firstIsKey).as("first frame is a keyframe").isTrue();
        assertThat(back.frames).as("every frame decodes").isEqualTo(back.expectedFrames(10));
        assertThat(back.durationMillis).isCloseTo(clip.endMillis() - clip.startMillis() + 100, org.assertj.core.data.Offset.offset(150L));
        assertThat(recorder.takeProblems()).isEmpty();
        assertThat(partFiles(dir)).isEmpty();
    }

    /**
     * Detection runs 3 s behind the packets (a loaded machine): the clip still ends at the post-roll
     * after the last frame with the track, not when the packets pass it first.
     */
    @Test
    void testDetectionBehindThePacketsStillGivesTheClipItsPostRoll(@TempDir Path dir) throws Exception {
        ClipRecorder recorder = new ClipRecorder("hall", dir, events(3, 2, 300), 64 << 20);
        play(ShippedFootage.path(ShippedFootage.HALL), recorder, 45_000, (r, wall) -> {
            long frame = wall - 3_000; // the frame that detection decides on now
            if (frame >= T0 + 20_000 && frame <= T0 + 30_000) {
                r.trigger(frame, List.of(7L));
            } else {
                r.progress(frame);
            }
        });
        RecordedClip clip = recorder.takeClips().get(0);
        assertThat(clip.startMillis()).isBetween(T0 + 17_000 - maxGopMillis(ShippedFootage.path(ShippedFootage.HALL)), T0 + 17_000);
        assertThat(clip.endMillis()).isBetween(T0 + 31_800, T0 + 32_000);
        FileReadBack back = FileReadBack.of(clip.file());
        assertThat(back.frames).isEqualTo(back.expectedFrames(10));
    }

    @Test
    void testHevcClipAndLongEventCutIntoParts(@TempDir Path dir) throws Exception {
        // The shop clip (HEVC, 30 fps, 20 s): a track all along, clips at most 4 s long.
        Path shop = ShippedFootage.path(ShippedFootage.SHOP);
        ClipRecorder recorder = new ClipRecorder("shop", dir, events(1, 1, 4), 64 << 20);
        play(shop, recorder, 20_000, (r, wall) -> r.trigger(wall, List.of(3L)));
        recorder.disconnected(); // the camera's stream ends: the part being written is complete
        List<RecordedClip> clips = recorder.takeClips();
        assertThat(clips.size()).isGreaterThanOrEqualTo(3);
        long covered = 0;
        for (RecordedClip c : clips) {
            assertThat(c.codec()).isEqualTo("hevc");
            FileReadBack back = FileReadBack.of(c.file());
            assertThat(back.firstIsKey).isTrue();
            assertThat(back.frames).isEqualTo(back.expectedFrames(30));
            assertThat(c.endMillis() - c.startMillis()).isLessThanOrEqualTo(4_000 + maxGopMillis(shop));
            covered += back.frames;
        }
        assertThat(covered).as("the parts together hold every frame once").isBetween(590L, 603L);
    }

    @Test
    void testContinuousSegmentsCutAtKeyframes(@TempDir Path dir) throws Exception {
        RecordSettings continuous = new RecordSettings(RecordSettings.Mode.CONTINUOUS, null, null, null, null, null, 10.0);
        ClipRecorder recorder = new ClipRecorder("hall", dir, continuous, 64 << 20);
        play(ShippedFootage.path(ShippedFootage.HALL), recorder, 45_000, (r, wall) -> {});
        recorder.disconnected();
        List<RecordedClip> segments = recorder.takeClips();
        assertThat(segments).hasSizeBetween(4, 5);
        assertThat(segments).allSatisfy(s -> assertThat(s.kind()).isEqualTo(RecordedClip.SEGMENT));
        for (int i = 1; i < segments.size(); i++) {
            assertThat(segments.get(i).startMillis()).as("back to back").isGreaterThan(segments.get(i - 1).endMillis())
                    .isLessThanOrEqualTo(segments.get(i - 1).endMillis() + 200);
        }
    }

    @Test
    void testUnwritableDirectoryIsAProblemNamingItAndNothingElse(@TempDir Path dir) throws Exception {
        Path blocked = dir.resolve("blocked");
        Files.writeString(blocked, "a file where the directory should be");
        ClipRecorder recorder = new ClipRecorder("hall", blocked, events(1, 1, 300), 64 << 20);
        play(ShippedFootage.path(ShippedFootage.HALL), recorder, 5_000, (r, wall) -> r.trigger(wall, List.of(1L)));
        recorder.disconnected();
        assertThat(recorder.takeClips()).isEmpty();
        List<String> problems = recorder.takeProblems();
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).contains("hall").contains(blocked.toString());
    }

    @Test
    void testUnfinishedFilesLeftByAKilledJobAreDeletedAndReported(@TempDir Path dir) throws Exception {
        Path camera = Files.createDirectories(dir.resolve("hall"));
        Path left = Files.writeString(camera.resolve(".hall-20260101-000000-000-event.mp4.part"), "half a file");
        Files.setLastModifiedTime(left, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        // A file touched a moment ago (a writer on another machine) stays.
        Path writing = Files.writeString(camera.resolve(".hall-20260101-000100-000-event.mp4.part"), "being written");
        Files.writeString(camera.resolve("hall-20260101-000000-000-event.mp4"), "a complete one stays");
        ClipRecorder recorder = new ClipRecorder("hall", dir, events(1, 1, 300), 64 << 20);
        play(ShippedFootage.path(ShippedFootage.HALL), recorder, 1_000, (r, wall) -> {});
        assertThat(partFiles(dir)).containsExactly(writing);
        assertThat(camera.resolve("hall-20260101-000000-000-event.mp4")).exists();
        assertThat(recorder.takeProblems()).singleElement().asString().contains("1 unfinished recording").contains("lost");
    }

    /** The file a recorder writes is never taken for a leftover, however long it waits for detection. */
    @Test
    void testTheFileBeingWrittenIsNeverTakenForALeftover(@TempDir Path dir) throws Exception {
        ClipRecorder recorder = new ClipRecorder("hall", dir, events(1, 1, 300), 64 << 20);
        play(ShippedFootage.path(ShippedFootage.HALL), recorder, 40_000, (r, wall) -> {
            if (wall >= T0 + 5_000 && wall <= T0 + 30_000) {
                r.trigger(wall, List.of(2L));
            } else {
                r.progress(wall);
            }
            // As if its writer had waited a minute: the recorder looks for leftovers every 10 s.
            for (Path part : partFilesQuietly(dir)) {
                part.toFile().setLastModified(System.currentTimeMillis() - 60_000);
            }
        });
        assertThat(recorder.takeProblems()).isEmpty();
        assertThat(recorder.takeClips()).singleElement().satisfies(c -> assertThat(c.file()).exists());
    }

    private static List<Path> partFilesQuietly(Path dir) {
        try {
            return partFiles(dir);
        } catch (Exception e) {
            return List.of();
        }
    }

    // ------------------------------------------------------------------------------------------

    private static RecordSettings events(double preRoll, double postRoll, double maxClip) {
        return new RecordSettings(RecordSettings.Mode.EVENTS, null, null, preRoll, postRoll, maxClip, null);
    }

    /** Feeds the file's video packets up to {@code untilMillis} of its time, as the decoder thread does. */
    private static void play(Path video, ClipRecorder recorder, long untilMillis, PacketHook hook) throws Exception {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile())) {
            grabber.start();
            int index = av_find_best_stream(grabber.getFormatContext(), AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
            AVStream stream = grabber.getFormatContext().streams(index);
            recorder.connected(stream);
            double tb = stream.time_base().num() / (double) stream.time_base().den();
            for (AVPacket p = grabber.grabPacket(); p != null; p = grabber.grabPacket()) {
                try {
                    if (p.stream_index() != index) {
                        continue;
                    }
                    long wall = T0 + Math.round(p.pts() * tb * 1000);
                    if (wall > T0 + untilMillis) {
                        break;
                    }
                    hook.packet(recorder, wall);
                    recorder.packet(p, wall);
                } finally {
                    av_packet_unref(p);
                }
            }
        }
    }

    /** The longest distance between keyframes in the file, in milliseconds. */
    private static long maxGopMillis(Path video) throws Exception {
        long max = 0;
        long last = -1;
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile())) {
            grabber.start();
            for (Frame f = grabber.grabImage(); f != null; f = grabber.grabImage()) {
                if (f.keyFrame) {
                    long t = f.timestamp / 1000;
                    max = last < 0 ? max : Math.max(max, t - last);
                    last = t;
                }
            }
        }
        return Math.max(max, 1000);
    }

    private static List<Path> partFiles(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".part")).toList();
        }
    }

    /** What FFmpeg reads of a clip: its frames, whether the first is a keyframe, its length. */
    private record FileReadBack(int frames, boolean firstIsKey, long durationMillis) {

        static FileReadBack of(Path file) throws Exception {
            try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
                grabber.start();
                long duration = grabber.getLengthInTime() / 1000;
                List<Boolean> keys = new ArrayList<>();
                for (Frame f = grabber.grabImage(); f != null; f = grabber.grabImage()) {
                    keys.add(f.keyFrame);
                }
                return new FileReadBack(keys.size(), !keys.isEmpty() && keys.get(0), duration);
            }
        }

        /** The frames that a file of this length holds at the frame rate (the last frame lasts one interval). */
        long expectedFrames(double fps) {
            return Math.round(durationMillis * fps / 1000);
        }
    }
}
