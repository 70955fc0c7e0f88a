package io.streamyolo.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamyolo.source.command.InvalidCommandException;
import io.streamyolo.source.command.Redaction;
import io.streamyolo.source.command.StreamCommand;
import io.streamyolo.source.command.StreamCommandParser;
import io.streamyolo.source.command.UrlPolicy;
import java.util.Set;

/**
 * Checks a command from the browser with the job's own {@link StreamCommandParser} (same URL
 * schemes, ids, sizes, zones and lines) before anything is written: what the parser refuses never
 * reaches the control channel, and the parser's message goes back to the form. The line written
 * is the command re-serialized as one compact JSON line (a pretty-printed body would otherwise
 * become several lines of the control file).
 *
 * <p>Stricter than the parser in two ways: {@code SHUTDOWN} is refused (stopping the whole job is
 * an operator's action, not a dashboard button), and the detection settings the parser passes
 * through unchecked ({@code conf}, {@code classes}, {@code priority}) are checked as the job checks
 * them, so that a typo shows next to the form instead of as an error event in the job's log.
 *
 * <p>Thread-safe: the parser and the mapper are.
 */
public final class CommandGate {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final StreamCommandParser parser;

    public CommandGate(Set<String> allowedSchemes) {
        this.parser = new StreamCommandParser(new UrlPolicy(allowedSchemes));
    }

    /** A command that passed: the line to write, and what it is. */
    public record Checked(String line, StreamCommand command) {

        /** The line with camera passwords masked: for logs and replies. */
        public String redacted() {
            return Redaction.redact(line);
        }
    }

    /**
     * Checks one command.
     *
     * @throws InvalidCommandException with the parser's message (never holding a password)
     */
    public Checked check(String body) throws InvalidCommandException {
        StreamCommand command = parser.parse(body);
        if (command.type() == StreamCommand.Type.SHUTDOWN) {
            throw new InvalidCommandException("SHUTDOWN is not sent from the dashboard: it would stop every camera and "
                    + "end the job (use 'bin/flink stop' or the Flink web UI)");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidCommandException("command is not valid JSON: " + e.getOriginalMessage()); // parsed above: cannot happen
        }
        checkSettings(root);
        String line = root.toString();
        // The compact line is what the job reads: it must pass as the body did.
        return new Checked(line, parser.parse(line));
    }

    // ------------------------------------------------------------------------------------------

    /** {@code conf}, {@code classes} and {@code priority} as the job's detection settings check them. */
    private static void checkSettings(JsonNode root) throws InvalidCommandException {
        JsonNode conf = root.get("conf");
        if (conf != null && !conf.isNull() && (!conf.isNumber() || conf.asDouble() < 0 || conf.asDouble() > 1)) {
            throw new InvalidCommandException("conf must be a number from 0 to 1, got " + Redaction.redactAndTruncate(conf.toString(), 40));
        }
        JsonNode priority = root.get("priority");
        if (priority != null && !priority.isNull() && (!priority.isIntegralNumber() || Math.abs(priority.asLong()) > 1000)) {
            throw new InvalidCommandException("priority must be an integer from -1000 to 1000, got "
                    + Redaction.redactAndTruncate(priority.toString(), 40));
        }
        JsonNode classes = root.get("classes");
        if (classes != null && !classes.isNull()) {
            if (!classes.isArray()) {
                throw new InvalidCommandException("classes must be a list of class ids or names, got "
                        + Redaction.redactAndTruncate(classes.toString(), 40));
            }
            for (JsonNode c : classes) {
                boolean id = c.isIntegralNumber() && c.canConvertToInt() && c.asInt() >= 0;
                boolean name = c.isTextual() && !c.asText().isBlank() && c.asText().length() <= 128;
                if (!id && !name) {
                    throw new InvalidCommandException("classes must be a list of class ids (0 or more) or names, got "
                            + Redaction.redactAndTruncate(c.toString(), 40));
                }
            }
        }
    }
}
