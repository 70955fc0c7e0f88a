package io.streamyolo.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;

/** {@code /api/config}: what the pages need to know of this dashboard and of the job's defaults. */
final class ConfigRoute {

    private final DashboardOptions options;
    private final Auth auth;
    private final CommandSink commands;

    ConfigRoute(DashboardOptions options, Auth auth, CommandSink commands) {
        this.options = options;
        this.auth = auth;
        this.commands = commands;
    }

    void register(Javalin app) {
        app.get("/api/config", this::config);
    }

    private void config(Context ctx) {
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.put("flink_ui", options.flinkUi());
        n.put("auth", auth.enabled());
        ArrayNode schemes = n.putArray("allowed_schemes");
        options.allowedSchemes().stream().sorted().forEach(schemes::add);
        n.put("control", commands.description().startsWith("Kafka") ? "kafka" : "file");
        // What a camera gets for a setting its START and UPDATEs do not give (camera states list only given ones).
        ObjectNode defaults = n.putObject("job_defaults");
        defaults.put("conf", options.jobConf());
        defaults.put("max_fps", options.jobMaxFps());
        ArrayNode classes = defaults.putArray("classes");
        options.jobClasses().forEach(classes::add);
        ApiJson.respond(ctx, 200, n);
    }
}
