package io.streamyolo.dashboard.testutils;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;

import io.streamyolo.control.settings.RecordSettings;
import io.streamyolo.source.record.ClipRecorder;
import io.streamyolo.source.record.RecordedClip;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/** Event clips as the job's recorder writes them: footage's packets remuxed by a {@link ClipRecorder}. */
public final class RecordedFootage {

    private RecordedFootage() {}

    /**
     * The clip of an event seen from {@code fromMs} to {@code toMs} of the footage's time (2 s pre-
     * and post-roll), its wall-clock times counted from {@code t0}.
     */
    public static RecordedClip eventClip(Path footage, Path recordings, String stream, long t0, long fromMs, long toMs)
            throws Exception {
        ClipRecorder recorder = new ClipRecorder(stream, recordings,
                new RecordSettings(RecordSettings.Mode.EVENTS, null, null, 2.0, 2.0, null, null), ClipRecorder.DEFAULT_RING_BYTES);
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(footage.toFile())) {
            grabber.start();
            int index = av_find_best_stream(grabber.getFormatContext(), AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
            AVStream video = grabber.getFormatContext().streams(index);
            recorder.connected(video);
            double timeBase = video.time_base().num() / (double) video.time_base().den();
            for (AVPacket p = grabber.grabPacket(); p != null; p = grabber.grabPacket()) {
                try {
                    if (p.stream_index() != index) {
                        continue;
                    }
                    long ms = Math.round(p.pts() * timeBase * 1000);
                    if (ms > toMs + 4_000) {
                        break;
                    }
                    if (ms >= fromMs && ms <= toMs) {
                        recorder.trigger(t0 + ms, List.of(1L));
                    } else {
                        recorder.progress(t0 + ms);
                    }
                    recorder.packet(p, t0 + ms);
                } finally {
                    av_packet_unref(p);
                }
            }
        }
        recorder.close();
        return recorder.takeClips().get(0);
    }
}
