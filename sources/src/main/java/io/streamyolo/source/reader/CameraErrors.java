package io.streamyolo.source.reader;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns FFmpeg's failures into what happened to the camera, in plain words: "connection refused",
 * "host not found", "authentication failed (401)", and so on. FFmpeg's own message (JavaCV's, such
 * as {@code avformat_open_input() error -111: Could not open input "..." (Has setFormat() been
 * called?)}) goes to the log; events and errors carry the plain cause.
 */
final class CameraErrors {

    /** JavaCV's messages end their function name with "error <code>:". */
    private static final Pattern ERROR_CODE = Pattern.compile("\\berror (-?\\d+)");

    private static final int EIO = -5;
    private static final int ENOENT = -2;
    private static final int EACCES = -13;
    private static final int ENETUNREACH = -101;
    private static final int ECONNRESET = -104;
    private static final int ETIMEDOUT = -110;
    private static final int ECONNREFUSED = -111;
    private static final int EHOSTUNREACH = -113;
    private static final int HTTP_BAD_REQUEST = ffErrTag(0xF8, '4', '0', '0');
    private static final int HTTP_UNAUTHORIZED = ffErrTag(0xF8, '4', '0', '1');
    private static final int HTTP_FORBIDDEN = ffErrTag(0xF8, '4', '0', '3');
    private static final int HTTP_NOT_FOUND = ffErrTag(0xF8, '4', '0', '4');
    private static final int HTTP_OTHER_4XX = ffErrTag(0xF8, '4', 'X', 'X');
    private static final int HTTP_SERVER_ERROR = ffErrTag(0xF8, '5', 'X', 'X');
    private static final int INVALID_DATA = ffErrTag('I', 'N', 'D', 'A');
    private static final int PROTOCOL_NOT_FOUND = ffErrTag(0xF8, 'P', 'R', 'O');
    private static final int EOF = ffErrTag('E', 'O', 'F', ' ');

    private CameraErrors() {}

    /**
     * The cause in plain words.
     *
     * @param ffmpegMessage the exception's message, URL already redacted
     * @param lastFfmpegLog FFmpeg's last error log line on this thread, or null (it tells a host
     *     that is not found from other I/O errors, which share one error code)
     */
    static String describe(String ffmpegMessage, String lastFfmpegLog) {
        Matcher m = ERROR_CODE.matcher(ffmpegMessage);
        if (!m.find()) {
            return firstLine(ffmpegMessage);
        }
        int code;
        try {
            code = Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            return firstLine(ffmpegMessage);
        }
        String plain = plain(code, lastFfmpegLog == null ? "" : lastFfmpegLog);
        return plain != null ? plain : "FFmpeg error " + code + " (" + firstLine(ffmpegMessage) + ")";
    }

    private static String plain(int code, String log) {
        if (code == ECONNREFUSED) {
            return "connection refused (nothing listens on that host and port)";
        } else if (code == ETIMEDOUT) {
            return "timed out (the camera did not answer)";
        } else if (code == EHOSTUNREACH || code == ENETUNREACH) {
            return "host unreachable (no route to it)";
        } else if (code == ECONNRESET) {
            return "connection reset by the camera";
        } else if (code == EIO && log.contains("resolve hostname")) {
            return "host not found (its name does not resolve)";
        } else if (code == HTTP_UNAUTHORIZED) {
            return "authentication failed (401): check the user and password";
        } else if (code == HTTP_FORBIDDEN) {
            return "access forbidden (403)";
        } else if (code == HTTP_NOT_FOUND) {
            return "stream not found (404): check the path after the host";
        } else if (code == HTTP_BAD_REQUEST) {
            return "the camera rejected the request (400)";
        } else if (code == HTTP_OTHER_4XX) {
            return "the camera refused the request (4xx)";
        } else if (code == HTTP_SERVER_ERROR) {
            return "the camera failed to serve the stream (5xx)";
        } else if (code == INVALID_DATA) {
            return "invalid data: not a video stream FFmpeg can read";
        } else if (code == ENOENT) {
            return "not found";
        } else if (code == EACCES) {
            return "permission denied";
        } else if (code == PROTOCOL_NOT_FOUND) {
            return "protocol not supported";
        } else if (code == EOF) {
            return "stream ended";
        } else if (code == EIO) {
            return "I/O error (network or camera)";
        }
        return null;
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline > 0 ? message.substring(0, newline) : message;
    }

    /** FFmpeg's FFERRTAG: the negated four-character tag of its own error codes. */
    private static int ffErrTag(int a, int b, int c, int d) {
        return -(a | (b << 8) | (c << 16) | (d << 24));
    }
}
