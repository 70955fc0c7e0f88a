package io.streamyolo.source.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses and validates one command line. Every problem gives an {@link InvalidCommandException}
 * whose message names it; the caller reports it with the (redacted) line and goes on.
 */
public final class StreamCommandParser implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Stream ids end up in metric names, thread names and file names: keep them plain. */
    private static final Pattern STREAM_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private static final Set<String> KNOWN_FIELDS = Set.of("type", "stream_id", "rtsp", "url", "max_fps", "transport");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final UrlPolicy urlPolicy;

    public StreamCommandParser(UrlPolicy urlPolicy) {
        this.urlPolicy = urlPolicy;
    }

    public StreamCommand parse(String line) throws InvalidCommandException {
        if (line == null || line.isBlank()) {
            throw new InvalidCommandException("empty command");
        }
        // Channels skip longer lines before they get here; this covers commands given directly.
        if (line.length() > ControlChannel.MAX_LINE_BYTES / 3) {
            int bytes = line.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > ControlChannel.MAX_LINE_BYTES) {
                throw new InvalidCommandException(ControlChannel.ControlLine.oversizeMessage(bytes));
            }
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new InvalidCommandException("command is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidCommandException("command must be a JSON object");
        }
        JsonNode typeNode = root.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            throw new InvalidCommandException("command has no 'type' (expected START, STOP, UPDATE, MODEL or SHUTDOWN)");
        }
        StreamCommand.Type type;
        try {
            type = StreamCommand.Type.valueOf(typeNode.asText().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidCommandException("unknown command type '" + Redaction.redactAndTruncate(typeNode.asText(), 40)
                    + "' (expected START, STOP, UPDATE, MODEL or SHUTDOWN)");
        }
        if (type == StreamCommand.Type.SHUTDOWN) {
            return new StreamCommand(type, null, null, null, null, extra(root));
        }
        if (type == StreamCommand.Type.MODEL) {
            // The file is checked where models are loaded: only files in the job's model directory.
            String model = text(root, "model");
            if (model == null || model.isEmpty()) {
                throw new InvalidCommandException("MODEL needs a 'model' (a model file name)");
            }
            String id = root.hasNonNull("stream_id") ? streamId(root) : null;
            return new StreamCommand(type, id, null, null, null, extra(root));
        }
        String streamId = streamId(root);
        Double maxFps = maxFps(root);
        if (type == StreamCommand.Type.START || type == StreamCommand.Type.UPDATE) {
            // Checked here, so that a bad zone or line never reaches the registry or a detector.
            GeometryJson.zones(root.get("zones"));
            GeometryJson.lines(root.get("lines"));
        }
        switch (type) {
            case START -> {
                String url = text(root, "rtsp");
                if (url == null) {
                    url = text(root, "url");
                }
                urlPolicy.check(url);
                String transport = text(root, "transport");
                if (transport != null && !transport.equalsIgnoreCase("tcp") && !transport.equalsIgnoreCase("udp")) {
                    throw new InvalidCommandException("transport must be tcp or udp, got '"
                            + Redaction.redactAndTruncate(transport, 20) + "'");
                }
                return new StreamCommand(type, streamId, url, maxFps, transport == null ? null : transport.toLowerCase(Locale.ROOT), extra(root));
            }
            case UPDATE -> {
                return new StreamCommand(type, streamId, null, maxFps, null, extra(root));
            }
            default -> {
                return new StreamCommand(type, streamId, null, null, null, extra(root));
            }
        }
    }

    // ------------------------------------------------------------------------------------------

    private static String streamId(JsonNode root) throws InvalidCommandException {
        JsonNode node = root.get("stream_id");
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
            throw new InvalidCommandException("command has no 'stream_id'");
        }
        if (!node.isTextual()) {
            throw new InvalidCommandException("'stream_id' must be a string, got " + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        String id = node.asText();
        if (!STREAM_ID.matcher(id).matches()) {
            throw new InvalidCommandException("invalid stream_id '" + Redaction.redactAndTruncate(id, 40)
                    + "': use 1-128 letters, digits, '.', '_' or '-'");
        }
        return id;
    }

    private static Double maxFps(JsonNode root) throws InvalidCommandException {
        JsonNode node = root.get("max_fps");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber() || node.asDouble() < 0 || node.asDouble() > 1000) {
            throw new InvalidCommandException("max_fps must be a number from 0 (no cap) to 1000, got " + node);
        }
        return node.asDouble();
    }

    private static String text(JsonNode root, String field) throws InvalidCommandException {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidCommandException("'" + field + "' must be a string");
        }
        return node.asText().strip();
    }

    private static Map<String, String> extra(JsonNode root) {
        Map<String, String> extra = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!KNOWN_FIELDS.contains(f.getKey())) {
                extra.put(f.getKey(), f.getValue().toString());
            }
        }
        return extra;
    }
}
