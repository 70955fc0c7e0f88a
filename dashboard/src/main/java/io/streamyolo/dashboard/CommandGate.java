package io.streamyolo.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamyolo.control.InvalidCommandException;
import io.streamyolo.control.command.StreamCommand;
import io.streamyolo.control.command.StreamCommandParser;
import io.streamyolo.control.command.UrlPolicy;
import io.streamyolo.control.redact.Redaction;
import java.util.Set;

/**
 * Checks a command from the browser with the job's own {@link StreamCommandParser} (same URL
 * schemes, ids, sizes, zones and lines) before anything is written: what the parser refuses never
 * reaches the control channel, and the parser's message goes back to the form. The line written
 * is the command re-serialized as one compact JSON line (a pretty-printed body would otherwise
 * become several lines of the control file).
 *
 * <p>Stricter than the parser for job-wide commands, with or without {@code --auth}: {@code SHUTDOWN}
 * and a {@code MODEL} without a {@code stream_id} are refused (stopping the job or switching every
 * camera's model is an operator's action, not a dashboard button). Per-camera commands pass: START,
 * UPDATE, STOP and a camera's own MODEL.
 *
 * <p>Thread-safe: the parser and the mapper are.
 */
public final class CommandGate {

    private static final ObjectMapper MAPPER = StreamCommandParser.strictMapper();

    private final StreamCommandParser parser;

    public CommandGate(Set<String> allowedSchemes) {
        this.parser = new StreamCommandParser(new UrlPolicy(allowedSchemes));
    }

    /** A command that passed: the line to write, and what it is. */
    public record Checked(String line, StreamCommand command) {

        /** The line with camera passwords masked: for logs and replies. */
        public String redacted() {
            return Redaction.escapeControls(Redaction.redact(line));
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
        if (command.type() == StreamCommand.Type.MODEL && command.streamId() == null) {
            throw new InvalidCommandException("a job-wide MODEL switch is not sent from the dashboard: it changes every "
                    + "camera (write it to the control channel; a MODEL with a stream_id switches one camera)");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidCommandException("command is not valid JSON: " + e.getOriginalMessage()); // parsed above: cannot happen
        }
        String line = root.toString();
        // The compact line is what the job reads: it must pass as the body did.
        return new Checked(line, parser.parse(line));
    }
}
