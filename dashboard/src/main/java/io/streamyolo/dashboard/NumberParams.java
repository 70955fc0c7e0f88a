package io.streamyolo.dashboard;

import io.javalin.http.Context;
import io.streamyolo.control.redact.Redaction;

/**
 * Whole numbers from requests (query and path parameters, headers). A malformed one throws
 * {@link IllegalArgumentException}, which the server answers with 400 and its message.
 */
final class NumberParams {

    private NumberParams() {}

    /** The query parameter {@code name}, or {@code dflt} when absent or blank. */
    static long longParam(Context ctx, String name, long dflt) {
        return parseLong(ctx.queryParam(name), dflt);
    }

    static long parseLong(String s, long dflt) {
        if (s == null || s.isBlank()) {
            return dflt;
        }
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: '" + Redaction.redactAndTruncate(s, 20) + "'");
        }
    }
}
