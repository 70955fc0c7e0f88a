package io.streamyolo.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.streamyolo.control.InvalidCommandException;
import io.streamyolo.control.redact.Redaction;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/commands}: a command from the pages, checked with the job's parser
 * ({@link CommandGate}) and then written to the control channel; 400 with the parser's message.
 */
final class CommandRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(CommandRoutes.class);

    private final CommandGate gate;
    private final CommandSink commands;

    CommandRoutes(CommandGate gate, CommandSink commands) {
        this.gate = gate;
        this.commands = commands;
    }

    void register(Javalin app) {
        app.post("/api/commands", this::command);
    }

    private void command(Context ctx) {
        String type = ctx.contentType();
        if (!isJson(type)) {
            ApiJson.respond(ctx, 415, ApiJson.error("send the command as application/json"));
            return;
        }
        CommandGate.Checked checked;
        try {
            checked = gate.check(ctx.body());
        } catch (InvalidCommandException e) {
            LOG.info("Refused a command from {}: {}", ctx.ip(), Redaction.escapeControls(e.getMessage()));
            ApiJson.respond(ctx, 400, ApiJson.error(e.getMessage()));
            return;
        }
        try {
            commands.send(checked.command().streamId(), checked.line());
        } catch (IOException e) {
            LOG.warn("Cannot send {} to {}: {}", checked.redacted(), commands.description(), Redaction.redact(e.getMessage()));
            ApiJson.respond(ctx, 503, ApiJson.error("cannot send the command to the job: " + Redaction.redact(e.getMessage())));
            return;
        }
        LOG.info("Sent {} from {}", checked.redacted(), ctx.ip());
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.put("ok", true);
        n.put("type", checked.command().type().name());
        n.put("stream_id", checked.command().streamId());
        n.set("command", readTree(checked.redacted()));
        ApiJson.respond(ctx, 200, n);
    }

    /** The media type exactly (parameters such as charset allowed): "application/jsonfoo" is not JSON. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String media = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return media.strip().equalsIgnoreCase("application/json");
    }

    private static JsonNode readTree(String json) {
        try {
            return ApiJson.MAPPER.readTree(json);
        } catch (IOException e) {
            return ApiJson.MAPPER.getNodeFactory().textNode(json);
        }
    }
}
