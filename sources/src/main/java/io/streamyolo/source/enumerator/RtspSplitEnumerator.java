package io.streamyolo.source.enumerator;

import io.streamyolo.control.InvalidCommandException;
import io.streamyolo.control.command.StreamCommand;
import io.streamyolo.control.command.StreamCommandParser;
import io.streamyolo.control.redact.Redaction;
import io.streamyolo.control.settings.StreamSettings;
import io.streamyolo.source.command.ControlChannel;
import io.streamyolo.source.command.ControlChannel.ControlLine;
import io.streamyolo.source.command.ReaderCommands;
import io.streamyolo.source.event.StreamStatus;
import io.streamyolo.source.split.RtspStreamSplit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor: keeps the registry of streams that should run, assigns each to a reader, and
 * applies START / STOP / UPDATE / SHUTDOWN commands from the control channels.
 *
 * <p>The registry, with each stream's owner, is the one source of truth and is checkpointed here;
 * readers checkpoint nothing. A reader that registers (at start, after a failover or a restore)
 * gets every stream it owns, and streams whose owner no longer exists (a lower parallelism after a
 * restore) move to the least-loaded readers.
 *
 * <p>Threads: channels are polled on the coordinator's worker thread; every other method,
 * including the handler of polled lines, runs on the coordinator thread.
 *
 * <p>The channels and their positions ({@link ControlChannels}) and the way status events leave
 * ({@link StatusOutbox}) are parts of their own; each command's handling stays here with the
 * registry, since every command changes the registry or its assignment.
 */
public final class RtspSplitEnumerator implements SplitEnumerator<RtspStreamSplit, RtspEnumState> {

    private static final Logger LOG = LoggerFactory.getLogger(RtspSplitEnumerator.class);
    private static final int MAX_ECHOED_COMMAND = 500;

    private final SplitEnumeratorContext<RtspStreamSplit> context;
    private final ControlChannels channels;
    private final StreamCommandParser parser;
    private final SplitAssigner assigner;
    private final double defaultMaxFps;
    private final long pollIntervalMillis;

    private final Map<String, RtspStreamSplit> streams = new LinkedHashMap<>();
    private final Map<String, Integer> owners = new HashMap<>();
    private StreamSettings jobSettings = StreamSettings.NONE;
    /** Status events waiting for a registered reader to emit them. */
    private final StatusOutbox statuses;
    private boolean initialCommandsApplied;
    private boolean shutdown;

    public RtspSplitEnumerator(
            SplitEnumeratorContext<RtspStreamSplit> context, List<ControlChannel> channels, StreamCommandParser parser,
            SplitAssigner assigner, double defaultMaxFps, long pollIntervalMillis, RtspEnumState restored) {
        this.context = context;
        this.channels = new ControlChannels(channels, restored.channelPositions());
        this.statuses = new StatusOutbox(context);
        this.parser = parser;
        this.assigner = assigner;
        this.defaultMaxFps = defaultMaxFps;
        this.pollIntervalMillis = pollIntervalMillis;
        for (RtspEnumState.AssignedStream s : restored.streams()) {
            streams.put(s.split().streamId(), s.split());
            if (s.owner() >= 0) {
                owners.put(s.split().streamId(), s.owner());
            }
        }
        jobSettings = restored.jobSettings();
        initialCommandsApplied = restored.initialCommandsApplied();
        shutdown = restored.shutdown();
    }

    @Override
    public void start() {
        // A restored job: the commands of its first start were applied already.
        channels.restore(initialCommandsApplied);
        context.callAsync(channels::poll, this::applyLines, 0, pollIntervalMillis);
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        // Push model: streams are assigned when commands arrive, not on request.
    }

    @Override
    public void addSplitsBack(List<RtspStreamSplit> splits, int subtaskId) {
        // A failed reader's streams stay in the registry with their owner; they are assigned
        // again when the reader registers anew (addReader).
        LOG.info("Reader {} failed with {} streams; they return when it registers again", subtaskId, splits.size());
    }

    @Override
    public void addReader(int subtaskId) {
        if (shutdown) {
            context.signalNoMoreSplits(subtaskId);
            return;
        }
        if (!jobSettings.isEmpty()) {
            // Before its streams: their first frames are then handled with the job's model.
            context.sendEventToSourceReader(subtaskId, new ReaderCommands.JobSettings(jobSettings));
        }
        int parallelism = context.currentParallelism();
        for (RtspStreamSplit split : new ArrayList<>(streams.values())) {
            Integer owner = owners.get(split.streamId());
            if (owner != null && owner == subtaskId) {
                context.assignSplit(split, subtaskId);
            } else if (owner == null || owner >= parallelism) {
                assign(split);
            }
        }
        statuses.flush();
    }

    @Override
    public RtspEnumState snapshotState(long checkpointId) {
        List<RtspEnumState.AssignedStream> list = new ArrayList<>();
        for (RtspStreamSplit split : streams.values()) {
            list.add(new RtspEnumState.AssignedStream(split, owners.getOrDefault(split.streamId(), -1)));
        }
        return new RtspEnumState(list, channels.positions(), initialCommandsApplied, shutdown, jobSettings);
    }

    @Override
    public void close() throws IOException {
        channels.close();
    }

    // ------------------------------------------------------------------------------------------

    /** Coordinator thread: applies polled lines in order. */
    private void applyLines(List<ControlLine> lines, Throwable error) {
        if (error != null) {
            LOG.warn("Polling control channels failed", error);
            return;
        }
        for (ControlLine line : lines) {
            if (line.isOversized()) {
                String message = ControlLine.oversizeMessage(line.oversizeBytes());
                LOG.warn("Rejected command from {}: {}", line.channelId(), message);
                report(StreamStatus.of(null, StreamStatus.Kind.ERROR, StreamStatus.REFUSED_COMMAND + message));
            } else {
                applyLine(line.text());
            }
            channels.applied(line);
        }
        if (!initialCommandsApplied) {
            initialCommandsApplied = true;
        }
    }

    void applyLine(String text) {
        StreamCommand command;
        try {
            command = parser.parse(text);
        } catch (InvalidCommandException e) {
            String streamId = guessStreamId(text);
            String echoed = Redaction.redactAndTruncate(text, MAX_ECHOED_COMMAND);
            LOG.warn("Rejected command: {} (command: {})", e.getMessage(), echoed);
            report(StreamStatus.of(streamId, StreamStatus.Kind.ERROR, StreamStatus.REFUSED_COMMAND + e.getMessage() + "; command: " + echoed));
            return;
        }
        if (shutdown) {
            report(StreamStatus.of(command.streamId(), StreamStatus.Kind.WARNING, "ignored " + command.type() + ": the job is shutting down"));
            return;
        }
        switch (command.type()) {
            case START -> start(command);
            case STOP -> stop(command.streamId());
            case UPDATE -> update(command);
            case MODEL -> model(command);
            case SHUTDOWN -> shutdown();
        }
    }

    private void start(StreamCommand command) {
        RtspStreamSplit split = RtspStreamSplit.fromStart(command, defaultMaxFps);
        RtspStreamSplit running = streams.get(split.streamId());
        if (running != null && running.url().equals(split.url())) {
            report(StreamStatus.of(split.streamId(), StreamStatus.Kind.INFO,
                    "already running on " + split.redactedUrl() + "; nothing changed"));
            return;
        }
        streams.put(split.streamId(), split);
        Integer owner = owners.get(split.streamId());
        if (running != null && owner != null && context.registeredReaders().containsKey(owner)) {
            // New URL: the owner restarts the stream (its reader replaces a split with the same id).
            report(StreamStatus.of(split.streamId(), StreamStatus.Kind.INFO,
                    "restarting on a new URL: " + split.redactedUrl() + " (was " + running.redactedUrl() + ")"));
            context.assignSplit(split, owner);
        } else {
            assign(split);
        }
    }

    private void stop(String streamId) {
        RtspStreamSplit removed = streams.remove(streamId);
        Integer owner = owners.remove(streamId);
        if (removed == null) {
            report(StreamStatus.of(streamId, StreamStatus.Kind.WARNING, "STOP of unknown stream " + streamId + ": nothing to stop"));
            return;
        }
        if (owner != null && context.registeredReaders().containsKey(owner)) {
            context.sendEventToSourceReader(owner, new ReaderCommands.StopStream(streamId, "stopped by command"));
        } else {
            report(StreamStatus.of(streamId, StreamStatus.Kind.STOPPED, "stopped by command"));
        }
    }

    private void update(StreamCommand command) {
        RtspStreamSplit split = streams.get(command.streamId());
        if (split == null) {
            report(StreamStatus.of(command.streamId(), StreamStatus.Kind.WARNING,
                    "UPDATE of unknown stream " + command.streamId() + ": nothing to update"));
            return;
        }
        RtspStreamSplit updated = split.withUpdate(command);
        streams.put(split.streamId(), updated);
        Integer owner = owners.get(split.streamId());
        if (owner != null && context.registeredReaders().containsKey(owner)) {
            context.sendEventToSourceReader(owner,
                    new ReaderCommands.UpdateStream(split.streamId(), updated.maxFps(), command.settings()));
        }
    }

    /** A model switch: for one stream it is an UPDATE of its settings; for the job, every reader's. */
    private void model(StreamCommand command) {
        if (command.streamId() != null) {
            update(command);
            return;
        }
        jobSettings = jobSettings.then(command.settings());
        for (int reader : context.registeredReaders().keySet()) {
            context.sendEventToSourceReader(reader, new ReaderCommands.JobSettings(command.settings()));
        }
    }

    private void shutdown() {
        LOG.info("SHUTDOWN: stopping {} streams", streams.size());
        for (String streamId : new ArrayList<>(streams.keySet())) {
            Integer owner = owners.get(streamId);
            if (owner != null && context.registeredReaders().containsKey(owner)) {
                context.sendEventToSourceReader(owner, new ReaderCommands.StopStream(streamId, "stopped by SHUTDOWN"));
            }
        }
        streams.clear();
        owners.clear();
        shutdown = true;
        statuses.flush();
        for (int reader : context.registeredReaders().keySet()) {
            context.signalNoMoreSplits(reader);
        }
    }

    /**
     * Chooses the stream's reader among all subtasks, registered or not: streams started before
     * every reader registered (the job's --stream arguments) would otherwise all go to the first
     * reader. A reader that is not registered yet gets its streams when it registers.
     */
    private void assign(RtspStreamSplit split) {
        int parallelism = context.currentParallelism();
        Map<Integer, Integer> load = new TreeMap<>();
        for (int reader = 0; reader < parallelism; reader++) {
            load.put(reader, 0);
        }
        for (Map.Entry<String, Integer> e : owners.entrySet()) {
            if (!e.getKey().equals(split.streamId())) {
                load.computeIfPresent(e.getValue(), (k, v) -> v + 1);
            }
        }
        int owner = assigner.assign(split, load, parallelism);
        owners.put(split.streamId(), owner);
        if (context.registeredReaders().containsKey(owner)) {
            context.assignSplit(split, owner);
            LOG.info("Stream {} ({}) assigned to reader {}", split.streamId(), split.redactedUrl(), owner);
        } else {
            LOG.info("Stream {} ({}) goes to reader {} when it registers", split.streamId(), split.redactedUrl(), owner);
        }
    }

    private void report(StreamStatus status) {
        statuses.report(status);
    }

    /** The stream id of a rejected command, if it has a plausible one, so the error can name it. */
    private static String guessStreamId(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"stream_id\"\\s*:\\s*\"([A-Za-z0-9._-]{1,128})\"").matcher(text);
        return m.find() ? m.group(1) : null;
    }
}
