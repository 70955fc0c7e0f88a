package io.streamyolo.store.testutils;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL 15 server for tests, from Debian's {@code postgresql} package: a fresh cluster
 * in a temporary directory owned by {@code postgres} (initdb refuses to run as root), listening on
 * a free loopback port, with password authentication over TCP. It can be stopped and started again
 * on the same port to test outages.
 *
 * <pre>{@code
 * try (PostgresTestEnv pg = PostgresTestEnv.start()) {
 *     String url = pg.createDatabase(); // jdbc:postgresql://127.0.0.1:PORT/db_1?user=test&password=...
 * }
 * }</pre>
 */
public final class PostgresTestEnv implements AutoCloseable {

    public static final Path BIN = Path.of(System.getProperty("streamyolo.postgres.bin", "/usr/lib/postgresql/15/bin"));
    public static final String USER = "test";
    public static final String PASSWORD = "pg-Secret-4711";

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path dir;
    private final boolean durable;
    private int port;
    private boolean running;

    private PostgresTestEnv(Path dir, boolean durable) {
        this.dir = dir;
        this.durable = durable;
    }

    /** A new server with fsync off (tests). */
    public static PostgresTestEnv start() throws Exception {
        return start(false);
    }

    /**
     * A new server.
     *
     * @param durable fsync on, as in production (benchmarks); off makes tests faster
     * @throws IllegalStateException if PostgreSQL 15 is not installed: the tests need it
     */
    public static PostgresTestEnv start(boolean durable) throws Exception {
        if (!Files.isExecutable(BIN.resolve("initdb")) || !Files.isExecutable(BIN.resolve("pg_ctl"))) {
            throw new IllegalStateException("PostgreSQL 15 is not installed (no " + BIN.resolve("initdb")
                    + "): these tests run a real server; install it with 'apt-get install -y postgresql'");
        }
        Path dir = Files.createTempDirectory("streamyolo-pg-");
        PostgresTestEnv env = new PostgresTestEnv(dir, durable);
        try {
            env.init();
            env.startServer(true);
            return env;
        } catch (Exception e) {
            env.close();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    /** The URL of the default database {@code postgres}, password in the query. */
    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + USER + "&password=" + PASSWORD;
    }

    /** Creates an empty database; returns its URL. */
    public String createDatabase() throws Exception {
        String name = "db_" + DATABASES.incrementAndGet();
        Properties props = new Properties();
        try (Connection c = new org.postgresql.Driver().connect(jdbcUrl(), props); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return jdbcUrl(name);
    }

    /** Stops the server (fast shutdown: open connections are cut). */
    public void stop() throws Exception {
        if (running) {
            pgCtl("-m", "fast", "-w", "-t", "60", "stop");
            running = false;
        }
    }

    /** Starts the stopped server again, on the same port. */
    public void restart() throws Exception {
        startServer(false);
    }

    public boolean isRunning() {
        return running;
    }

    /** The server log, for failure messages. */
    public String log() {
        try {
            return Files.readString(dir.resolve("server.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws Exception {
        try {
            stop();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    // ------------------------------------------------------------------------------------------

    private void init() throws Exception {
        Path pwfile = dir.resolve("pwfile");
        Files.writeString(pwfile, PASSWORD + "\n", StandardCharsets.UTF_8);
        if (isRoot()) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()), false);
        }
        run(List.of("chmod", "700", dir.toString()), false);
        run(List.of(BIN.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", USER,
                "--pwfile=" + pwfile, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-locale",
                "--no-sync"), true);
    }

    private void startServer(boolean newPort) throws Exception {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            if (newPort || port == 0) {
                port = freePort();
            }
            String options = "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c max_connections=50"
                    + (durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
            try {
                pgCtl("-o", options, "-l", dir.resolve("server.log").toString(), "-w", "-t", "60", "start");
                running = true;
                return;
            } catch (IOException e) {
                last = e;
                if (!log().contains("could not bind") && !log().contains("already in use")) {
                    throw e;
                }
                newPort = true; // someone took the port: try another
            }
        }
        throw last;
    }

    private void pgCtl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString()));
        cmd.addAll(List.of(args));
        run(cmd, true);
    }

    private static void run(List<String> command, boolean asPostgres) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (asPostgres && isRoot()) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(command);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("Timed out: " + String.join(" ", cmd) + "\n" + out);
        }
        if (p.exitValue() != 0) {
            throw new IOException("Failed (" + p.exitValue() + "): " + String.join(" ", cmd) + "\n" + out);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
