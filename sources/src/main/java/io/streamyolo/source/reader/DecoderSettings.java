package io.streamyolo.source.reader;

import java.io.Serializable;
import java.time.Duration;

/**
 * How decoder threads open and watch cameras.
 *
 * @param readTimeout FFmpeg's {@code timeout} option: a camera that sends nothing for this long is
 *     treated as frozen and reopened (without it a frozen camera hangs the grab forever)
 * @param backoffInitial wait before the first reconnect, doubled after each failure
 * @param backoffMax the longest wait between reconnects
 * @param recordings the directory where cameras that record write their files (on several
 *     machines, one that every TaskManager reaches); null: the job records nothing
 */
public record DecoderSettings(Duration readTimeout, Duration backoffInitial, Duration backoffMax, String recordings)
        implements Serializable {

    public DecoderSettings(Duration readTimeout, Duration backoffInitial, Duration backoffMax) {
        this(readTimeout, backoffInitial, backoffMax, null);
    }

    public static DecoderSettings defaults() {
        return new DecoderSettings(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(30));
    }
}
