package io.streamyolo.store;

/**
 * One row of {@code counts_per_minute}.
 *
 * @param kind {@code line_in}, {@code line_out} or {@code zone_entered}
 * @param label the class name, {@code ""} when the event had none
 * @param minute start of the minute, epoch milliseconds
 */
public record MinuteCount(String streamId, String kind, String subject, String label, long minute, long count) {}
