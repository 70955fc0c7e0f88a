package io.streamyolo.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's token: given with {@code Authorization: Bearer TOKEN} (scripts), or once in the
 * login form, which sets a session cookie (browsers). Sessions live in memory for {@value
 * #SESSION_DAYS} days or until the dashboard restarts. Comparisons take constant time.
 *
 * <p>Thread-safe.
 */
public final class Auth {

    public static final String COOKIE = "streamyolo_session";
    static final int SESSION_DAYS = 7;
    static final long SESSION_MS = SESSION_DAYS * 86_400_000L;
    /** Sessions kept at most: a flood of logins cannot grow memory without bound. */
    static final int MAX_SESSIONS = 10_000;

    private final byte[] token;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Long> sessions = new ConcurrentHashMap<>();

    /** @param token the token, or null: no authentication (loopback only, see {@link DashboardOptions}) */
    public Auth(String token) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    public boolean enabled() {
        return token != null;
    }

    /** Whether a request with this Authorization header and session cookie may pass. */
    public boolean allows(String authorization, String sessionCookie) {
        if (token == null) {
            return true;
        }
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && matches(authorization.substring(7).strip())) {
            return true;
        }
        if (sessionCookie != null) {
            Long expires = sessions.get(sessionCookie);
            if (expires != null) {
                if (expires > System.currentTimeMillis()) {
                    return true;
                }
                sessions.remove(sessionCookie);
            }
        }
        return false;
    }

    public boolean matches(String candidate) {
        return token != null && candidate != null
                && MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** A new session id for a cookie, after a correct token. */
    public String newSession() {
        long now = System.currentTimeMillis();
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.values().removeIf(expires -> expires <= now);
            if (sessions.size() >= MAX_SESSIONS) {
                sessions.clear(); // everyone logs in again rather than memory growing
            }
        }
        byte[] id = new byte[32];
        random.nextBytes(id);
        String session = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        sessions.put(session, now + SESSION_MS);
        return session;
    }

    public void endSession(String session) {
        if (session != null) {
            sessions.remove(session);
        }
    }
}
