package io.streamyolo.source.reader;

import io.streamyolo.source.split.RtspStreamSplit;
import java.util.Locale;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens a camera with the FFmpeg options that watching it live needs, and closes it quietly. */
final class CameraConnection {

    private static final Logger LOG = LoggerFactory.getLogger(CameraConnection.class);

    private CameraConnection() {}

    /** A started grabber, of which only packets are read ({@link PacketDecoder} decodes them). */
    static FFmpegFrameGrabber open(RtspStreamSplit split, DecoderSettings settings) throws Exception {
        FfmpegLog.install();
        FfmpegLog.takeLastError(); // only this attempt's errors explain its failure
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(split.url());
        String scheme = split.url().substring(0, split.url().indexOf(':')).toLowerCase(Locale.ROOT);
        if (scheme.startsWith("rtsp")) {
            grabber.setOption("rtsp_transport", split.transport());
        }
        // FFmpeg's 'timeout' (microseconds) bounds every socket wait; 'stimeout' no longer exists
        // and 'rw_timeout' does nothing for RTSP (unknown options are ignored silently).
        grabber.setOption("timeout", String.valueOf(settings.readTimeout().toMillis() * 1000));
        // Probe less than FFmpeg's default 5 s: an RTSP camera's SDP already names codec and size,
        // and the default probing delays the first frame by seconds.
        grabber.setOption("analyzeduration", "500000");
        grabber.setOption("probesize", "500000");
        // Not 'fflags nobuffer' (it discards the packets read while probing) and not the decoder's
        // 'flags low_delay': with it, H.264 frames came out grey for seconds at a time (measured:
        // 70% of frames of 8 streams with nothing detectable; 0% without it).
        try {
            grabber.start();
        } catch (Exception e) {
            closeQuietly(grabber);
            throw e;
        }
        return grabber;
    }

    static void closeQuietly(FFmpegFrameGrabber grabber) {
        if (grabber == null) {
            return;
        }
        try {
            grabber.close();
        } catch (Exception e) {
            LOG.debug("Closing a grabber failed", e);
        }
    }
}
