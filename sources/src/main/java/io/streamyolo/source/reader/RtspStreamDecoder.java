package io.streamyolo.source.reader;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;

import io.streamyolo.control.redact.Redaction;
import io.streamyolo.control.settings.MotionSettings;
import io.streamyolo.control.settings.RecordSettings;
import io.streamyolo.source.event.StreamStatus;
import io.streamyolo.source.event.VideoFrame;
import io.streamyolo.source.input.InputPreparation;
import io.streamyolo.source.input.PreparedInput;
import io.streamyolo.source.motion.Motion;
import io.streamyolo.source.record.ClipRecorder;
import io.streamyolo.source.split.RtspStreamSplit;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes one camera on its own thread, keeping only the newest frame.
 *
 * <p>Live video cannot wait: when the job falls behind, the next decoded frame replaces the one
 * not yet taken, and the replaced frame is counted as dropped, so latency and memory stay flat.
 * When the camera fails, ends or freezes (nothing for {@link DecoderSettings#readTimeout()}), the
 * thread reopens it with exponential backoff and reports each step as a status event.
 *
 * <p>The frames it keeps that a batch will likely take it also writes into the detector's input
 * format ({@link InputPreparation} says which and when): the letterbox runs here, beside decoding,
 * on as many threads as there are cameras, rather than one frame after the other before the
 * forward pass.
 *
 * <p>It also measures each kept frame's motion ({@link FrameMotion}, unless the camera's motion
 * gating is off): the result travels with the frame to the detection stage, which gates on it.
 *
 * <p>This class is the thread's loop (reconnect, read, decode, keep); opening a camera ({@link
 * CameraConnection}), pacing and the rate cap ({@link FramePacing}), motion ({@link FrameMotion})
 * and recording ({@link ClipRecorder}) are parts of their own.
 *
 * <p>Only this thread touches the FFmpeg grabber and the motion detector. Other threads call
 * {@link #takeLatest()}, {@link #setMaxFps(double)}, {@link #updateMotion} and {@link #stop()}.
 */
final class RtspStreamDecoder implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(RtspStreamDecoder.class);

    private final RtspStreamSplit split;
    private final DecoderSettings settings;
    private final StreamListener listener;
    private final AtomicReference<VideoFrame> latest = new AtomicReference<>();
    /** Records the camera from the packets this thread reads; it travels with each frame. */
    final ClipRecorder recorder;
    final InputPreparation preparation = new InputPreparation();
    private final Object sleepLock = new Object();
    private final Thread thread;

    private volatile boolean running = true;
    private volatile double maxFps;
    private final FrameMotion motion;

    final AtomicLong decoded = new AtomicLong();
    final AtomicLong droppedBehind = new AtomicLong();
    final AtomicLong droppedRateCap = new AtomicLong();
    final AtomicLong reconnects = new AtomicLong();
    /** Frames whose motion was measured, and the time that took. */
    final AtomicLong motionFrames;
    final AtomicLong motionNanos;
    /** Wall-clock time of the last decoded frame, or of the start while none came yet. */
    final AtomicLong lastFrameMillis = new AtomicLong(System.currentTimeMillis());
    private long sequence;
    /** Decoder thread only: the recorder failed once already (said once in the log). */
    private boolean recorderFailed;

    RtspStreamDecoder(RtspStreamSplit split, DecoderSettings settings, StreamListener listener) {
        this.split = split;
        this.settings = settings;
        this.listener = listener;
        this.maxFps = split.maxFps();
        this.motion = new FrameMotion(split.settings().motion());
        this.motionFrames = motion.frames;
        this.motionNanos = motion.nanos;
        this.recorder = new ClipRecorder(split.streamId(), settings.recordings() == null ? null : Path.of(settings.recordings()),
                split.settings().record(), ClipRecorder.DEFAULT_RING_BYTES);
        // The thread name is visible in thread dumps: the stream id, never the URL.
        this.thread = new Thread(this, "rtsp-decoder-" + split.streamId());
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    RtspStreamSplit split() {
        return split;
    }

    /** The decoding thread's id, for measuring its CPU time. */
    long threadId() {
        return thread.getId();
    }

    /** Takes the newest frame, or null if none arrived since the last call. */
    VideoFrame takeLatest() {
        return latest.getAndSet(null);
    }

    boolean hasFrame() {
        return latest.get() != null;
    }

    void setMaxFps(double fps) {
        this.maxFps = fps;
    }

    /** An UPDATE's motion fields (null: none given); the decoder applies them from its next frame. Task thread. */
    void updateMotion(MotionSettings update) {
        motion.update(update);
    }

    /**
     * Asks the thread to end. Returns at once: a grab in progress ends within the read timeout,
     * and nothing this decoder produces after this call is reported.
     */
    void stop() {
        running = false;
        latest.set(null);
        synchronized (sleepLock) {
            sleepLock.notifyAll();
        }
    }

    /** An UPDATE's recording fields (null: none given); the recorder applies them from its next packet. Task thread. */
    void updateRecord(RecordSettings update) {
        recorder.update(update);
    }

    /** Waits for the thread to end, at most the given time. */
    boolean join(long millis) throws InterruptedException {
        thread.join(millis);
        return !thread.isAlive();
    }

    @Override
    public void run() {
        long backoff = settings.backoffInitial().toMillis();
        boolean everConnected = false;
        while (running) {
            FFmpegFrameGrabber grabber = null;
            String failure;
            try {
                grabber = CameraConnection.open(split, settings);
                report(StreamStatus.Kind.STARTED, String.format(Locale.ROOT, "%s %s: %dx%d, %s, %.1f fps",
                        everConnected ? "reconnected to" : "connected to", split.redactedUrl(),
                        grabber.getImageWidth(), grabber.getImageHeight(), grabber.getVideoCodecName(), grabber.getFrameRate()));
                everConnected = true;
                backoff = settings.backoffInitial().toMillis();
                failure = decodeUntilFailure(grabber);
            } catch (Exception e) {
                failure = describe(e);
            } finally {
                CameraConnection.closeQuietly(grabber);
            }
            if (!running) {
                break;
            }
            reconnects.incrementAndGet();
            String message = String.format(Locale.ROOT, "%s: %s; retrying in %.0f s", split.redactedUrl(), failure, backoff / 1000.0);
            report(everConnected ? StreamStatus.Kind.RECONNECTING : StreamStatus.Kind.ERROR, message);
            sleep(backoff);
            backoff = Math.min(backoff * 2, settings.backoffMax().toMillis());
        }
        recorder.close();
    }

    // ------------------------------------------------------------------------------------------

    /** Reads and decodes until the stream fails or this decoder is stopped; returns why it ended. */
    private String decodeUntilFailure(FFmpegFrameGrabber grabber) {
        AVFormatContext format = grabber.getFormatContext();
        int videoIndex = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
        if (videoIndex < 0) {
            return "the stream has no video";
        }
        AVStream stream = format.streams(videoIndex);
        FramePacing pacing = new FramePacing(
                !split.url().regionMatches(true, 0, "rtsp", 0, 4) && !split.url().regionMatches(true, 0, "http", 0, 4));
        try (PacketDecoder decoder = new PacketDecoder(stream)) {
            recorder.connected(stream);
            while (running) {
                AVPacket packet;
                long grabStart = System.nanoTime();
                try {
                    packet = grabber.grabPacket();
                } catch (Exception e) {
                    return describe(e);
                }
                // A read that waited the whole socket timeout is the freeze itself, whatever it
                // returned at the end.
                boolean waitedTimeout = System.nanoTime() - grabStart >= settings.readTimeout().toNanos() * 9 / 10;
                if (packet == null || waitedTimeout) {
                    if (!waitedTimeout) {
                        // The end of a file: the pictures the decoder still holds (B-frames) come out.
                        decoder.send(null);
                        while (running && decoder.receive()) {
                            keep(decoder, pacing);
                        }
                    }
                    return "stream ended or sent nothing for " + settings.readTimeout().toSeconds() + " s";
                }
                try {
                    if (packet.stream_index() != videoIndex) {
                        continue; // audio and data: neither detected nor recorded
                    }
                    record(packet);
                    decoder.send(packet);
                } finally {
                    av_packet_unref(packet);
                }
                while (running && decoder.receive()) {
                    keep(decoder, pacing);
                }
            }
        } catch (IllegalStateException e) {
            return describe(e);
        } finally {
            recorder.disconnected();
        }
        return "stopped";
    }

    /** Hands the packet to the recorder; a recorder's fault costs the recording, never the detection. */
    private void record(AVPacket packet) {
        try {
            recorder.packet(packet, System.currentTimeMillis());
        } catch (RuntimeException e) {
            if (!recorderFailed) {
                recorderFailed = true;
                LOG.warn("Stream {}: recording failed, detection goes on", split.streamId(), e);
            }
        }
    }

    /** Counts the decoded picture, and keeps it as the newest frame unless the frame-rate cap drops it. */
    private void keep(PacketDecoder decoder, FramePacing pacing) {
        long now = System.nanoTime();
        long seq = sequence++;
        decoded.incrementAndGet();
        lastFrameMillis.set(System.currentTimeMillis());
        long pts = decoder.ptsMicros();
        long due = pacing.dueNanos(pts);
        if (due > now) {
            sleep((due - now) / 1_000_000);
            now = System.nanoTime();
        }
        if (pacing.dropsAt(now, maxFps)) {
            droppedRateCap.incrementAndGet();
            return;
        }
        int width = decoder.width();
        int height = decoder.height();
        ByteBuffer image = decoder.convert();
        PreparedInput input = preparation.prepare(image.duplicate(), width, height, width * 3);
        // The one copy of a frame's pixels: out of the decoder's reused buffer.
        byte[] pixels = new byte[width * height * 3];
        image.duplicate().get(pixels);
        Motion moved = motion.measure(pixels, width, height);
        VideoFrame kept = new VideoFrame(split.streamId(), seq, System.currentTimeMillis(), pts, width, height, pixels, input,
                preparation, moved, recorder);
        if (!running) {
            kept.releaseInput();
            return;
        }
        VideoFrame replaced = latest.getAndSet(kept);
        if (replaced != null) {
            droppedBehind.incrementAndGet();
            replaced.releaseInput();
        }
        listener.frameAvailable();
    }

    private void report(StreamStatus.Kind kind, String message) {
        if (running) {
            LOG.info("Stream {} {}: {}", split.streamId(), kind.eventName(), message);
            listener.status(StreamStatus.of(split.streamId(), kind, message));
        }
    }

    private void sleep(long millis) {
        long end = System.currentTimeMillis() + millis;
        synchronized (sleepLock) {
            for (long left = millis; running && left > 0; left = end - System.currentTimeMillis()) {
                try {
                    sleepLock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }

    /**
     * The cause in plain words (see {@link CameraErrors}); FFmpeg's own message goes to the log.
     * URL passwords are masked in both (FFmpeg's messages quote the URL).
     */
    private String describe(Exception e) {
        String message = Redaction.redact(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        String plain = CameraErrors.describe(message, FfmpegLog.takeLastError());
        LOG.info("Stream {}: {} (FFmpeg: {})", split.streamId(), plain, message.replace('\n', ' '));
        return plain;
    }
}
