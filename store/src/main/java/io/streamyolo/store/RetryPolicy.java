package io.streamyolo.store;

import java.io.Serializable;
import java.time.Duration;

/**
 * How long to keep trying while the database is unreachable: wait {@code initialBackoff}, then
 * twice as long each time up to {@code maxBackoff}, and give up once the next wait would end
 * after {@code maxRetryTime} since the first failure.
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, Duration maxRetryTime) implements Serializable {

    /** 1 s, 2 s, 4 s, ... 16 s, 16 s: gives up after about a minute. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(16), Duration.ofSeconds(60));

    /** Fails at the first error. */
    public static final RetryPolicy NONE = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO);

    public RetryPolicy {
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException("initialBackoff must be positive, got " + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff (" + maxBackoff + ") must be at least initialBackoff (" + initialBackoff + ")");
        }
        if (maxRetryTime.isNegative()) {
            throw new IllegalArgumentException("maxRetryTime must not be negative, got " + maxRetryTime);
        }
    }

    /** The same backoff, giving up after {@code maxRetryTime}. */
    public RetryPolicy withMaxRetryTime(Duration maxRetryTime) {
        return new RetryPolicy(initialBackoff, maxBackoff, maxRetryTime);
    }
}
