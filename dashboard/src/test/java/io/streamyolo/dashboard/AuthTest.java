package io.streamyolo.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dashboard on every address with a token: nothing without it but the login form. */
class AuthTest {

    static final String TOKEN = "t0ken-for-tests";

    @TempDir
    Path dir;

    @Test
    void testEveryRequestNeedsTheToken() throws Exception {
        DashboardOptions options = DashboardOptions.parse(new String[] {
            "--store", dir.resolve("e.db").toString(), "--control-file", dir.resolve("c.jsonl").toString(), "--port", "0",
            "--bind", "0.0.0.0", "--auth", TOKEN
        }, Map.of());
        try (DashboardServer server = DashboardServer.start(options)) {
            HttpClient http = HttpClient.newHttpClient(); // follows no redirects
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create(base + "/api/cameras")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(api.statusCode()).isEqualTo(401);
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/events.html")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(302);
            assertThat(page.headers().firstValue("Location")).contains("/login.html?next=%2Fevents.html");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/common.js")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(302);
            // The recordings too: a clip's file, and the lists.
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/clips/1.mp4")).header("Range", "bytes=0-").build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/cameras/cam1/clips")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/login.html")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            HttpResponse<String> command = http.send(HttpRequest.newBuilder(URI.create(base + "/api/commands"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"STOP\",\"stream_id\":\"a\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(command.statusCode()).isEqualTo(401);
            assertThat(dir.resolve("c.jsonl")).doesNotExist();

            // A bearer token (scripts).
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/cameras")).header("Authorization", "Bearer " + TOKEN)
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/cameras")).header("Authorization", "Bearer wrong-token")
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);

            // The login form: a wrong token gets the form again, the right one a session cookie.
            HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("token=nope&next=%2F")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(wrong.headers().firstValue("Location")).contains("/login.html?error=1");
            assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
            HttpResponse<String> right = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("token=" + TOKEN + "&next=%2Fevents.html")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(right.headers().firstValue("Location")).contains("/events.html");
            String cookie = right.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).contains(Auth.COOKIE + "=").containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict");
            String session = cookie.substring(0, cookie.indexOf(';'));
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/cameras")).header("Cookie", session).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            // An open redirect is refused: only paths of this server.
            HttpResponse<String> away = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("token=" + TOKEN + "&next=%2F%2Fevil.example")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(away.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("evil"));
            // With a token, any Host may be used (the token is the protection).
            // Logging out ends the session.
            http.send(HttpRequest.newBuilder(URI.create(base + "/logout")).header("Cookie", session)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/cameras")).header("Cookie", session).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        }
    }
}
