package io.streamyolo.control.redact;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks camera credentials in any text that may reach a log, an event, a metric or an exception:
 * the password of {@code scheme://user:password@host} and password-like query parameters.
 *
 * <p>Runs in time linear in the text's length: it gets untrusted command lines of up to 1 MiB. The
 * user-info pass is a hand-written scan because the obvious pattern ({@code [a-z][a-z0-9+.-]*://...})
 * backtracks over every run of letters and took 18-47 s on a 60 KB stream id; each scan here starts
 * at a {@code ://} and stops at the next delimiter, which comes before the next {@code ://} at the
 * latest, so no character is scanned twice.
 */
public final class Redaction {

    /** Where a query parameter starts, then a bounded name: only possessive scans after it. */
    private static final Pattern SECRET_PARAM =
            Pattern.compile("(?i)([?&;](?:password|passwd|pwd|pass|token|key|secret|auth)=)([^&\\s\"#]*+)");

    private static final String MASK = "***";

    private Redaction() {}

    /** The text with every URL password replaced by {@code ***}. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String masked = maskUserInfo(text);
        return SECRET_PARAM.matcher(masked).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
    }

    /**
     * The text redacted, with control characters (CR and LF included) shown as '?', and cut to
     * {@code max} characters: for echoing untrusted input into events and logs.
     */
    public static String redactAndTruncate(String text, int max) {
        String r = redact(text);
        if (r == null) {
            return null;
        }
        boolean cut = r.length() > max;
        if (cut) {
            int end = max;
            if (end > 0 && Character.isHighSurrogate(r.charAt(end - 1))) {
                end--; // never split a code point
            }
            r = r.substring(0, end);
        }
        return escapeControls(r) + (cut ? "..." : "");
    }

    /** The text with control characters shown as '?': one log line stays one line. */
    public static String escapeControls(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                if (out == null) {
                    out = new StringBuilder(text.length()).append(text, 0, i);
                }
                out.append('?');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    // ------------------------------------------------------------------------------------------

    /** Masks the password of every {@code ://user:password@}: a scan that starts at each "://". */
    private static String maskUserInfo(String text) {
        StringBuilder out = null;
        int copied = 0;
        int from = 0;
        while (true) {
            int sep = text.indexOf("://", from);
            if (sep < 0) {
                break;
            }
            int user = sep + 3;
            int colon = scan(text, user, ":/@\"");
            from = user;
            if (colon >= text.length() || text.charAt(colon) != ':') {
                continue;
            }
            int at = scan(text, colon + 1, "@/\"");
            if (at >= text.length() || text.charAt(at) != '@') {
                from = colon; // the colon may start the next "://"
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, copied, colon + 1).append(MASK);
            copied = at;
            from = at;
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, text.length()).toString();
    }

    /** The index of the first delimiter or whitespace at or after {@code start}, else the length. */
    private static int scan(String text, int start, String delimiters) {
        int i = start;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (delimiters.indexOf(c) >= 0 || isRegexSpace(c)) {
                return i;
            }
            i++;
        }
        return i;
    }

    /** The characters of the regex class {@code \s}, which the previous patterns stopped at. */
    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }
}
