package io.streamyolo.source.testutils;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Starts and stops the project's real RTSP server ({@code bin/rtsp-server.py}, GStreamer) as a
 * separate process, and can kill, restart, freeze (SIGSTOP) and resume it.
 */
public final class RtspTestEnv implements AutoCloseable {

    private final int port;
    private final List<String> mounts;
    private final Path script;
    private Process process;

    public RtspTestEnv(String... mounts) throws IOException {
        this.port = freePort();
        this.mounts = List.of(mounts);
        this.script = findScript();
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public String url(String mount) {
        return "rtsp://127.0.0.1:" + port + "/" + mount;
    }

    public int port() {
        return port;
    }

    public RtspTestEnv start() throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script.toString(), "--port", String.valueOf(port)));
        command.addAll(mounts);
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                StringBuilder seen = new StringBuilder();
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("READY")) {
                        return line;
                    }
                    seen.append(line).append('\n');
                }
                throw new IllegalStateException("RTSP server exited before READY:\n" + seen);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        ready.get(20, TimeUnit.SECONDS);
        // Keep draining its output so that it never blocks on a full pipe.
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // discard
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "rtsp-server-output");
        drain.setDaemon(true);
        drain.start();
        return this;
    }

    /** Kills the server at once, as a crashed camera. */
    /** CPU time the server process has used so far, for benchmarks that share its machine. */
    public Duration cpuTime() {
        return process == null ? Duration.ZERO : process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    /** Freezes the server: connections stay open but nothing is sent. */
    public void pause() throws Exception {
        signal("-STOP");
    }

    public void resume() throws Exception {
        signal("-CONT");
    }

    @Override
    public void close() throws Exception {
        if (process != null) {
            resume();
            kill();
        }
    }

    private void signal(String signal) throws Exception {
        new ProcessBuilder("kill", signal, String.valueOf(process.pid())).inheritIO().start().waitFor();
    }

    private static Path findScript() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("bin/rtsp-server.py");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("bin/rtsp-server.py not found");
    }
}
