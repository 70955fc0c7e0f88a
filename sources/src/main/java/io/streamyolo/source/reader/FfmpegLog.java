package io.streamyolo.source.reader;

import io.streamyolo.control.redact.Redaction;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes FFmpeg's native log to SLF4J, warnings and errors only, with URL passwords masked.
 *
 * <p>By default FFmpeg prints to the TaskManager's stderr, at INFO, a dump of every opened stream
 * that quotes its URL, credentials included.
 */
final class FfmpegLog extends LogCallback {

    private static final Logger LOG = LoggerFactory.getLogger("ffmpeg");
    private static final FfmpegLog INSTANCE = new FfmpegLog().retainReference();
    private static boolean installed;
    /** The last error FFmpeg logged on each thread: it names causes its error codes do not. */
    private static final ThreadLocal<String> LAST_ERROR = new ThreadLocal<>();

    private FfmpegLog() {}

    /** Installs the callback once per JVM (FFmpeg's log settings are process-wide). */
    static synchronized void install() {
        if (!installed) {
            avutil.av_log_set_level(avutil.AV_LOG_WARNING);
            avutil.setLogCallback(INSTANCE);
            installed = true;
        }
    }

    /** The last error FFmpeg logged on the calling thread since the last call of this method, or null. */
    static String takeLastError() {
        String last = LAST_ERROR.get();
        LAST_ERROR.remove();
        return last;
    }

    @Override
    public void call(int level, BytePointer msg) {
        String text = Redaction.redact(msg.getString().strip());
        if (text.isEmpty()) {
            return;
        }
        if (level <= avutil.AV_LOG_ERROR) {
            LAST_ERROR.set(text);
            LOG.error(text);
        } else if (level <= avutil.AV_LOG_WARNING) {
            LOG.warn(text);
        } else {
            LOG.debug(text);
        }
    }
}
