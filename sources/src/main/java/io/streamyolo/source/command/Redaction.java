package io.streamyolo.source.command;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks camera credentials in any text that may reach a log, an event, a metric or an exception:
 * the password of {@code scheme://user:password@host} and password-like query parameters.
 */
public final class Redaction {

    private static final Pattern USER_INFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)([^:/@\\s\"]*):([^@/\\s\"]*)@");
    private static final Pattern SECRET_PARAM =
            Pattern.compile("(?i)([?&;](?:password|passwd|pwd|pass|token|key|secret|auth)=)([^&\\s\"#]*)");

    private Redaction() {}

    /** The text with every URL password replaced by {@code ***}. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String masked = USER_INFO.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2) + ":***@"));
        return SECRET_PARAM.matcher(masked).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "***"));
    }

    /**
     * The text redacted, with control characters shown as '?', and cut to {@code max} characters:
     * for echoing untrusted input into events and logs.
     */
    public static String redactAndTruncate(String text, int max) {
        String r = redact(text);
        if (r == null) {
            return null;
        }
        r = r.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return r.length() <= max ? r : r.substring(0, max) + "...";
    }
}
