package io.streamyolo.source.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A recorder's problems for the detection stage to report, each in plain words: the same problem
 * again is reported only after {@value #REPEAT_MILLIS} ms (a full disk fails every file). The
 * decoder thread reports, the task thread takes.
 */
final class ProblemReports {

    static final long REPEAT_MILLIS = 60_000;

    private final Queue<String> queue = new ConcurrentLinkedQueue<>();
    /** Decoder thread only. */
    private String last;
    private long lastMillis;

    void report(String message, long wallMillis) {
        if (message.equals(last) && wallMillis - lastMillis < REPEAT_MILLIS) {
            return;
        }
        last = message;
        lastMillis = wallMillis;
        queue.add(message);
    }

    List<String> take() {
        List<String> out = new ArrayList<>();
        for (String p = queue.poll(); p != null; p = queue.poll()) {
            out.add(p);
        }
        return out;
    }
}
