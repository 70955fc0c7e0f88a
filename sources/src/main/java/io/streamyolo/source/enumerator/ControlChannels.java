package io.streamyolo.source.enumerator;

import io.streamyolo.control.redact.Redaction;
import io.streamyolo.source.command.ControlChannel;
import io.streamyolo.source.command.ControlChannel.ControlLine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enumerator's control channels and how far each was applied: the positions go into the
 * enumerator's checkpoint, so that a restored job reads on from where it stopped. {@link #poll()}
 * runs on the coordinator's worker thread, the rest on the coordinator thread.
 */
final class ControlChannels implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlChannels.class);

    private final List<ControlChannel> channels;
    private final Map<String, Long> positions = new HashMap<>();

    ControlChannels(List<ControlChannel> channels, Map<String, Long> restoredPositions) {
        this.channels = channels;
        this.positions.putAll(restoredPositions);
    }

    /**
     * Moves each channel to its restored position; a channel of commands for the job's first start
     * only (its arguments) skips them in a restored job.
     */
    void restore(boolean firstStartApplied) {
        for (ControlChannel channel : channels) {
            Long position = positions.get(channel.id());
            if (position != null) {
                channel.restore(position);
            } else if (firstStartApplied && channel.appliesOnlyAtFirstStart()) {
                channel.restore(Long.MAX_VALUE);
            }
        }
    }

    /** Worker thread: reads new lines of every channel. A failing channel is reported, not fatal. */
    List<ControlLine> poll() {
        List<ControlLine> lines = new ArrayList<>();
        for (ControlChannel channel : channels) {
            try {
                lines.addAll(channel.poll());
            } catch (IOException | RuntimeException e) {
                LOG.warn("Control channel {} failed: {}", channel.id(), Redaction.redact(String.valueOf(e.getMessage())));
            }
        }
        return lines;
    }

    /** The line was applied: its channel goes on after it. */
    void applied(ControlLine line) {
        positions.put(line.channelId(), line.positionAfter());
    }

    /** Each channel's position after its last applied line, for the checkpoint. */
    Map<String, Long> positions() {
        return positions;
    }

    @Override
    public void close() throws IOException {
        for (ControlChannel channel : channels) {
            channel.close();
        }
    }
}
