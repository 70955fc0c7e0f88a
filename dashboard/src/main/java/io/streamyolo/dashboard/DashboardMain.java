package io.streamyolo.dashboard;

import java.io.IOException;

/**
 * The dashboard's entry point ({@code bin/dashboard}).
 *
 * <pre>
 * dashboard --store work/events.db --control-file work/commands.jsonl
 * dashboard --store 'jdbc:postgresql://db/streamyolo?user=u&amp;password=p' --kafka-bootstrap kafka:9092 \
 *     --control-topic camera-commands --bind 0.0.0.0 --auth "$TOKEN"
 * </pre>
 */
public final class DashboardMain {

    /** Exit codes: 2 bad arguments, 1 the store or control channel could not be opened. */
    static final int USAGE = 2;
    static final int FAILED = 1;

    private DashboardMain() {}

    public static void main(String[] args) throws InterruptedException {
        DashboardOptions options;
        try {
            options = DashboardOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("dashboard: " + e.getMessage());
            System.err.print(DashboardOptions.HELP);
            System.exit(USAGE);
            return;
        }
        if (options == null) {
            System.out.print(DashboardOptions.HELP);
            return;
        }
        DashboardServer server;
        try {
            server = DashboardServer.start(options);
        } catch (IOException | RuntimeException e) {
            // StoreException messages name the store with its password masked.
            System.err.println("dashboard: " + io.streamyolo.control.redact.Redaction.redact(e.getMessage()));
            System.exit(FAILED);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "dashboard-shutdown"));
        System.out.println("Dashboard: http://" + (options.bind().contains(":") ? "[" + options.bind() + "]" : options.bind())
                + ":" + server.port() + "/");
        server.awaitStop();
    }
}
