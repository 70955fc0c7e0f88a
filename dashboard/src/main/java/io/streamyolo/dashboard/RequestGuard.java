package io.streamyolo.dashboard;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HandlerType;
import io.javalin.http.UnauthorizedResponse;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * The checks before every request, static files included: the security headers, the Host header
 * (without a token), the origin of writes and of the cameras page's WebSocket, and the token.
 * Called on Jetty's request threads; holds no state of its own but the hosts it accepts.
 */
final class RequestGuard {

    /** Paths open without the token: the login form and what it needs. */
    private static final Set<String> PUBLIC_PATHS = Set.of("/login", "/login.html", "/login.js", "/style.css", "/favicon.ico");
    private static final String CSP = "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self';"
            + " connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    private final Auth auth;
    private final Set<String> allowedHosts;
    /** The server's port, for the message that names the address to use; known once it listens. */
    private final IntSupplier port;

    RequestGuard(Auth auth, String bind, IntSupplier port) {
        this.auth = auth;
        this.port = port;
        Set<String> hosts = new HashSet<>(Set.of("localhost", "127.0.0.1", "[::1]"));
        String b = bind.toLowerCase(Locale.ROOT);
        hosts.add(b.contains(":") && !b.startsWith("[") ? "[" + b + "]" : b);
        this.allowedHosts = Set.copyOf(hosts);
    }

    /** Before every request: Host, token, origin of writes, and headers. */
    void check(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Content-Security-Policy", CSP);
        if (!auth.enabled() && !allowedHosts.contains(hostName(ctx.header("Host")))) {
            // Without a token only this machine may talk to us; a web page whose name was made
            // to resolve to 127.0.0.1 (DNS rebinding) sends its own name here.
            ApiJson.respond(ctx, 403, ApiJson.error("unexpected Host header: open the dashboard as http://127.0.0.1:"
                    + port.getAsInt() + "/"));
            ctx.skipRemainingHandlers();
            return;
        }
        if (ctx.method() == HandlerType.POST && !sameOrigin(ctx)) {
            ApiJson.respond(ctx, 403, ApiJson.error("cross-site request refused"));
            ctx.skipRemainingHandlers();
            return;
        }
        if (PUBLIC_PATHS.contains(ctx.path()) || auth.allows(ctx.header("Authorization"), ctx.cookie(Auth.COOKIE))) {
            return;
        }
        if (ctx.path().startsWith("/api/")) {
            ApiJson.respond(ctx, 401, ApiJson.error("login required: use the login form, or send 'Authorization: Bearer TOKEN'"));
        } else {
            ctx.redirect("/login.html?next=" + URLEncoder.encode(ctx.path(), StandardCharsets.UTF_8));
        }
        ctx.skipRemainingHandlers();
    }

    /**
     * Before the cameras page's WebSocket is opened: as {@link #check}, and the Origin must be this
     * server's. Browsers send Origin with every WebSocket and do not stop a page of another site
     * from opening one (no same-origin rule, no preflight), so it is required here.
     */
    void checkWebSocket(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null || origin.isEmpty() || !sameOrigin(ctx)) {
            throw new ForbiddenResponse("cross-site WebSocket refused");
        }
        if (!auth.enabled() && !allowedHosts.contains(hostName(ctx.header("Host")))) {
            throw new ForbiddenResponse("unexpected Host header");
        }
        if (!auth.allows(ctx.header("Authorization"), ctx.cookie(Auth.COOKIE))) {
            throw new UnauthorizedResponse("login required");
        }
    }

    // ------------------------------------------------------------------------------------------

    /** Whether a POST comes from a page of this server: its Origin (when sent) names our host and port. */
    private static boolean sameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null || origin.isEmpty()) {
            return true; // not a browser's cross-site request (browsers send Origin on POST)
        }
        String host = ctx.header("Host");
        try {
            URI o = URI.create(origin);
            return host != null && o.getRawAuthority() != null && o.getRawAuthority().equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The host name of a Host header, without the port ({@code [::1]} stays bracketed). */
    static String hostName(String hostHeader) {
        if (hostHeader == null) {
            return "";
        }
        String h = hostHeader.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(0, end + 1);
        }
        int colon = h.indexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }
}
