package io.streamyolo.store.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/** The times {@code --since} and {@code --until} take. */
final class TimeArgument {

    private TimeArgument() {}

    /**
     * A time argument: an ISO instant or offset date-time, a local date-time or date (in
     * {@code zone}), epoch milliseconds, {@code now}, or an offset from now ({@code -15m}).
     */
    static Instant parse(String text, Instant now, ZoneId zone) {
        String t = text.strip();
        if (t.equalsIgnoreCase("now")) {
            return now;
        }
        java.util.regex.Matcher rel = java.util.regex.Pattern.compile("([+-]?)(\\d+)(ms|s|m|h|d|w)").matcher(t);
        if (rel.matches()) {
            long n = Long.parseLong(rel.group(2));
            ChronoUnit unit = switch (rel.group(3)) {
                case "ms" -> ChronoUnit.MILLIS;
                case "s" -> ChronoUnit.SECONDS;
                case "m" -> ChronoUnit.MINUTES;
                case "h" -> ChronoUnit.HOURS;
                case "d" -> ChronoUnit.DAYS;
                default -> ChronoUnit.WEEKS;
            };
            java.time.Duration d = unit == ChronoUnit.WEEKS ? java.time.Duration.ofDays(7 * n) : java.time.Duration.of(n, unit);
            return rel.group(1).equals("+") ? now.plus(d) : now.minus(d);
        }
        if (t.matches("\\d{10,}")) {
            return Instant.ofEpochMilli(Long.parseLong(t));
        }
        try {
            return java.time.OffsetDateTime.parse(t).toInstant();
        } catch (java.time.format.DateTimeParseException ignored) {
            // Not with an offset; try the forms without.
        }
        try {
            return java.time.LocalDateTime.parse(t).atZone(zone).toInstant();
        } catch (java.time.format.DateTimeParseException ignored) {
            // Not a local date-time; try a date.
        }
        try {
            return java.time.LocalDate.parse(t).atStartOfDay(zone).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("cannot read the time '" + text
                    + "': expected e.g. 2026-11-29T08:00:00Z, 2026-11-29T09:00, 2026-11-29, -1h or now");
        }
    }
}
