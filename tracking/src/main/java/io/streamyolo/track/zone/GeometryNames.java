package io.streamyolo.track.zone;

import java.util.regex.Pattern;

/** Name rule shared by zones and lines: the name is part of an event's idempotency key. */
final class GeometryNames {

    static final int MAX_LENGTH = 64;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._ -]{1," + MAX_LENGTH + "}");

    private GeometryNames() {}

    /**
     * Throws with a message naming {@code what} ("Zone" or "Line") when the name is not allowed.
     */
    static void check(String what, String name) {
        if (name == null) {
            throw new IllegalArgumentException(what + " name must not be null");
        }
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    what
                            + " name '"
                            + (name.length() > 40 ? name.substring(0, 40) + "..." : name) // names come from commands
                            + "' must be 1-"
                            + MAX_LENGTH
                            + " characters of A-Z a-z 0-9 . _ - and space");
        }
    }
}
