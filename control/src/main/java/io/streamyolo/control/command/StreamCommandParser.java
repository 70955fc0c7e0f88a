package io.streamyolo.control.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.streamyolo.control.InvalidCommandException;
import io.streamyolo.control.redact.Redaction;
import io.streamyolo.control.settings.StreamSettings;
import io.streamyolo.control.settings.StreamSettingsJson;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Parses and validates one command line. Every problem gives an {@link InvalidCommandException}
 * whose message names it; the caller reports it with the (redacted) line and goes on.
 */
public final class StreamCommandParser implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Stream ids end up in metric names, thread names and file names: keep them plain. */
    private static final Pattern STREAM_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /** Fields of the commands themselves; the others are {@link StreamSettingsJson#FIELDS}. */
    private static final Set<String> COMMAND_FIELDS = Set.of("type", "stream_id", "rtsp", "url", "max_fps", "transport");

    private static final Set<String> ALL_FIELDS = new TreeSet<>(COMMAND_FIELDS);

    static {
        ALL_FIELDS.addAll(StreamSettingsJson.FIELDS);
    }

    /** Echoed parts of a refused command are cut to this many characters. */
    static final int MAX_ECHOED = 40;

    /**
     * Strict: a duplicate key ({@code "stream_id":"probe","stream_id":"cam1"}) would otherwise let
     * the last one win unseen, and content after the object would be ignored.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** The mapper every parser of commands uses (the job's and the dashboard's). */
    public static ObjectMapper strictMapper() {
        return MAPPER;
    }

    /** The longest command line taken, in UTF-8 bytes; the source's channels skip longer ones whole. */
    public static final int MAX_LINE_BYTES = 1 << 20;

    /** The error a command line over {@link #MAX_LINE_BYTES} gets. */
    public static String oversizeMessage(long bytes) {
        return "command line of " + bytes + " bytes is over the 1 MiB limit: skipped";
    }

    private final UrlPolicy urlPolicy;

    public StreamCommandParser(UrlPolicy urlPolicy) {
        this.urlPolicy = urlPolicy;
    }

    public StreamCommand parse(String line) throws InvalidCommandException {
        if (line == null || line.isBlank()) {
            throw new InvalidCommandException("empty command");
        }
        // Channels skip longer lines before they get here; this covers commands given directly.
        if (line.length() > MAX_LINE_BYTES / 3) {
            int bytes = line.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_LINE_BYTES) {
                throw new InvalidCommandException(oversizeMessage(bytes));
            }
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new InvalidCommandException("command is not valid JSON: " + Redaction.redactAndTruncate(e.getOriginalMessage(), 200));
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
            throw new InvalidCommandException("unknown command type '" + Redaction.redactAndTruncate(typeNode.asText(), MAX_ECHOED)
                    + "' (expected START, STOP, UPDATE, MODEL or SHUTDOWN)");
        }
        checkFieldNames(root);
        if (type == StreamCommand.Type.SHUTDOWN) {
            return new StreamCommand(type, null, null, null, null, null);
        }
        if (type == StreamCommand.Type.MODEL) {
            // The file is checked where models are loaded: only files in the job's model directory.
            String model = text(root, "model");
            if (model == null || model.isEmpty()) {
                throw new InvalidCommandException("MODEL needs a 'model' (a model file name)");
            }
            String id = root.hasNonNull("stream_id") ? streamId(root) : null;
            StreamSettings given = StreamSettingsJson.read(root);
            return new StreamCommand(type, id, null, null, null, StreamSettings.ofModel(given.model(), given.modelType()));
        }
        String streamId = streamId(root);
        Double maxFps = maxFps(root);
        // Checked here, so that a bad value never reaches the registry or a detector.
        StreamSettings settings = StreamSettingsJson.read(root);
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
                return new StreamCommand(type, streamId, url, maxFps, transport == null ? null : transport.toLowerCase(Locale.ROOT), settings);
            }
            case UPDATE -> {
                return new StreamCommand(type, streamId, null, maxFps, null, settings);
            }
            default -> {
                return new StreamCommand(type, streamId, null, null, null, null);
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
            throw new InvalidCommandException("invalid stream_id '" + Redaction.redactAndTruncate(id, MAX_ECHOED)
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
            throw new InvalidCommandException("max_fps must be a number from 0 (no cap) to 1000, got "
                    + Redaction.redactAndTruncate(node.toString(), MAX_ECHOED));
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

    /** A misspelt field would otherwise be ignored without a word ("confidence" for "conf"). */
    private static void checkFieldNames(JsonNode root) throws InvalidCommandException {
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!COMMAND_FIELDS.contains(name) && !StreamSettingsJson.FIELDS.contains(name)) {
                throw new InvalidCommandException("unknown field '" + Redaction.redactAndTruncate(name, 30) + "' (expected "
                        + String.join(", ", ALL_FIELDS) + ")");
            }
        }
    }
}
