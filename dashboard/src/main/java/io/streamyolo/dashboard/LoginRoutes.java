package io.streamyolo.dashboard;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The login form's post and logout: a session cookie for the right token, and its end. */
final class LoginRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(LoginRoutes.class);

    private final Auth auth;

    LoginRoutes(Auth auth) {
        this.auth = auth;
    }

    void register(Javalin app) {
        app.get("/login", ctx -> ctx.redirect("/login.html"));
        app.post("/login", this::login);
        app.post("/logout", this::logout);
    }

    private void login(Context ctx) throws InterruptedException {
        if (!auth.enabled()) {
            ctx.redirect("/");
            return;
        }
        if (!auth.matches(ctx.formParam("token"))) {
            Thread.sleep(500); // slows guessing down
            LOG.info("Wrong token in a login from {}", ctx.ip());
            ctx.redirect("/login.html?error=1");
            return;
        }
        ctx.cookie(new Cookie(Auth.COOKIE, auth.newSession(), "/", (int) (Auth.SESSION_MS / 1000), false, 0, true, null, null,
                SameSite.STRICT));
        String next = ctx.formParam("next");
        // Only a path on this server: never an open redirect.
        ctx.redirect(next != null && next.startsWith("/") && !next.startsWith("//") && !next.contains("\\") ? next : "/");
    }

    private void logout(Context ctx) {
        auth.endSession(ctx.cookie(Auth.COOKIE));
        ctx.removeCookie(Auth.COOKIE, "/");
        ctx.redirect("/login.html");
    }
}
