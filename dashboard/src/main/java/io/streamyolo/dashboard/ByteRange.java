package io.streamyolo.dashboard;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of a file a {@code Range} header asks for (RFC 9110 §14.1.2), so that a video can be
 * seeked: a browser asks for {@code bytes=N-} at the point it seeks to.
 *
 * @param first the first byte, from 0
 * @param last the last byte, inclusive
 */
record ByteRange(long first, long last) {

    /** One range: {@code bytes=A-B}, {@code bytes=A-} (to the end) or {@code bytes=-N} (the last N bytes). */
    private static final Pattern ONE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

    /** Thrown for a range that starts at or past the end of the file: the answer is 416. */
    static final class Unsatisfiable extends Exception {
        Unsatisfiable(String message) {
            super(message);
        }
    }

    /**
     * The range a header asks for in a file of {@code size} bytes.
     *
     * @return empty for no header, and for one this server ignores (several ranges, another unit,
     *     bad syntax): the whole file is sent then, as RFC 9110 lets a server do
     * @throws Unsatisfiable when no byte of the file is in the range
     */
    static Optional<ByteRange> parse(String header, long size) throws Unsatisfiable {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = ONE.matcher(header.strip());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        long first;
        long last;
        if (m.group(1).isEmpty()) {
            long suffix = Long.parseLong(m.group(2));
            if (suffix == 0) {
                throw new Unsatisfiable("an empty suffix range");
            }
            first = Math.max(0, size - suffix);
            last = size - 1;
        } else {
            first = Long.parseLong(m.group(1));
            last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            if (last < first && first < size) {
                return Optional.empty(); // "bytes=9-3" is invalid syntax: ignored
            }
        }
        if (first >= size) {
            throw new Unsatisfiable("the file has " + size + " bytes, the range starts at " + first);
        }
        return Optional.of(new ByteRange(first, last));
    }

    long length() {
        return last - first + 1;
    }

    /** The {@code Content-Range} header of the answer. */
    String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }
}
