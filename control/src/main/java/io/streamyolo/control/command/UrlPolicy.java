package io.streamyolo.control.command;

import io.streamyolo.control.InvalidCommandException;
import io.streamyolo.control.redact.Redaction;
import java.io.Serializable;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which camera URLs a command may name. Commands are untrusted: without this check a command could
 * make the job read local files or use other FFmpeg protocols ({@code file:}, {@code concat:},
 * {@code pipe:}, ...). Only {@code rtsp} and {@code rtsps} are allowed unless the operator enables
 * more schemes in the job's configuration.
 */
public final class UrlPolicy implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final Set<String> DEFAULT_SCHEMES = Set.of("rtsp", "rtsps");

    /** A refused URL is echoed (password masked) up to this many characters. */
    private static final int MAX_ECHOED_URL = 200;

    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://(.*)$");

    private final Set<String> allowedSchemes;

    public UrlPolicy(Set<String> allowedSchemes) {
        Set<String> lower = new TreeSet<>();
        for (String s : allowedSchemes) {
            lower.add(s.strip().toLowerCase(Locale.ROOT));
        }
        if (lower.isEmpty()) {
            throw new IllegalArgumentException("At least one URL scheme must be allowed");
        }
        this.allowedSchemes = Set.copyOf(lower);
    }

    public static UrlPolicy defaults() {
        return new UrlPolicy(DEFAULT_SCHEMES);
    }

    public Set<String> allowedSchemes() {
        return allowedSchemes;
    }

    /**
     * Checks a URL.
     *
     * @throws InvalidCommandException naming the problem (with the URL's password masked)
     */
    public void check(String url) throws InvalidCommandException {
        if (url == null || url.isBlank()) {
            throw new InvalidCommandException("missing camera URL (field 'rtsp' or 'url')");
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '|') {
                throw new InvalidCommandException("camera URL contains a forbidden character: " + Redaction.redactAndTruncate(url, MAX_ECHOED_URL));
            }
        }
        Matcher m = SCHEME.matcher(url);
        if (!m.matches()) {
            throw new InvalidCommandException("camera URL has no scheme (expected e.g. rtsp://host/path): "
                    + Redaction.redactAndTruncate(url, MAX_ECHOED_URL));
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        if (!allowedSchemes.contains(scheme)) {
            throw new InvalidCommandException("camera URL scheme '" + Redaction.redactAndTruncate(scheme, 20) + "' is not allowed (allowed: "
                    + String.join(", ", new TreeSet<>(allowedSchemes)) + "; the operator can enable more with "
                    + "the source option 'allowed-schemes'): " + Redaction.redactAndTruncate(url, MAX_ECHOED_URL));
        }
        String rest = m.group(2);
        if (!scheme.equals("file") && (rest.isEmpty() || rest.startsWith("/"))) {
            throw new InvalidCommandException("camera URL has no host: " + Redaction.redactAndTruncate(url, MAX_ECHOED_URL));
        }
    }
}
