package io.streamyolo.source.reader;

import io.streamyolo.source.command.ReaderCommands;
import io.streamyolo.source.event.CameraEvent;
import io.streamyolo.source.event.JobSettingsUpdate;
import io.streamyolo.source.event.StreamSettingsUpdate;
import io.streamyolo.source.event.StreamStatus;
import io.streamyolo.source.event.VideoFrame;
import io.streamyolo.source.split.RtspStreamSplit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the camera streams assigned to one subtask: one {@link RtspStreamDecoder} thread per
 * stream, each holding only its newest frame, emitted here round-robin on the task thread.
 *
 * <p>Why not flink-connector-base's {@code SourceReaderBase}: its fetchers hand records through a
 * bounded queue and block when it is full, which would stall decoding and let latency grow when
 * detection falls behind. Live video needs the opposite: keep decoding, replace the waiting frame,
 * count the drop.
 *
 * <p>State: the reader checkpoints no splits. The enumerator keeps the registry of streams with
 * each stream's owner and assigns them again when a reader (re)registers, so a restore, even at
 * another parallelism, never finds a stream on two readers or on none.
 *
 * <p>Threads: every method runs on the task thread, except the {@link StreamListener} callbacks,
 * which decoder threads call.
 */
public final class RtspSourceReader implements SourceReader<CameraEvent, RtspStreamSplit>, StreamListener {

    private static final Logger LOG = LoggerFactory.getLogger(RtspSourceReader.class);
    private static final CompletableFuture<Void> AVAILABLE = CompletableFuture.completedFuture(null);

    private final SourceReaderContext context;
    private final DecoderSettings settings;
    // Concurrent because metric gauges read it from the reporter thread.
    private final Map<String, RtspStreamDecoder> decoders = new ConcurrentHashMap<>();
    /** Status and settings events waiting to be emitted, in order, before the next frames. */
    private final ConcurrentLinkedQueue<CameraEvent> statuses = new ConcurrentLinkedQueue<>();
    private final RtspSourceReaderMetrics metrics;
    private final Object availabilityLock = new Object();
    private CompletableFuture<Void> availability;
    private volatile boolean pendingSignal;
    private boolean noMoreSplits;
    private int roundRobin;

    public RtspSourceReader(SourceReaderContext context, DecoderSettings settings) {
        this.context = context;
        this.settings = settings;
        MetricGroup group = context.metricGroup();
        this.metrics = new RtspSourceReaderMetrics(group, decoders);
    }

    @Override
    public void start() {}

    @Override
    public InputStatus pollNext(ReaderOutput<CameraEvent> output) {
        pendingSignal = false;
        CameraEvent event;
        while ((event = statuses.poll()) != null) {
            output.collect(event, event instanceof StreamStatus status ? status.timeMillis() : System.currentTimeMillis());
        }
        // Round-robin so that, when the job is behind, no stream starves the others.
        List<RtspStreamDecoder> all = new ArrayList<>(decoders.values());
        for (int i = 0; i < all.size(); i++) {
            RtspStreamDecoder decoder = all.get((roundRobin + i) % all.size());
            VideoFrame frame = decoder.takeLatest();
            if (frame != null) {
                metrics.frameEmitted(frame);
                output.collect(frame, frame.captureTimeMillis());
            }
        }
        roundRobin = all.isEmpty() ? 0 : (roundRobin + 1) % all.size();
        if (noMoreSplits && decoders.isEmpty() && statuses.isEmpty()) {
            return InputStatus.END_OF_INPUT;
        }
        return hasPending() ? InputStatus.MORE_AVAILABLE : InputStatus.NOTHING_AVAILABLE;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        synchronized (availabilityLock) {
            if (pendingSignal || hasPending() || (noMoreSplits && decoders.isEmpty())) {
                return AVAILABLE;
            }
            if (availability == null || availability.isDone()) {
                availability = new CompletableFuture<>();
            }
            return availability;
        }
    }

    @Override
    public void addSplits(List<RtspStreamSplit> splits) {
        for (RtspStreamSplit split : splits) {
            RtspStreamDecoder previous = decoders.remove(split.streamId());
            if (previous != null) {
                // The same stream again: a START with a new URL, or a re-assignment after failover.
                previous.stop();
                LOG.info("Restarting stream {} on {}", split.streamId(), split.redactedUrl());
            }
            RtspStreamDecoder decoder = new RtspStreamDecoder(split, settings, this);
            // The stream's settings go first, so that its first frame is handled with them.
            statuses.add(new StreamSettingsUpdate(split.streamId(), split.settings()));
            decoders.put(split.streamId(), decoder);
            metrics.streamOpened(split.streamId());
            decoder.start();
            LOG.info("Subtask {} opens stream {} ({})", context.getIndexOfSubtask(), split.streamId(), split.redactedUrl());
        }
    }

    @Override
    public void handleSourceEvents(SourceEvent event) {
        if (event instanceof ReaderCommands.StopStream stop) {
            RtspStreamDecoder decoder = decoders.remove(stop.streamId());
            if (decoder != null) {
                decoder.stop();
                statuses.add(StreamStatus.of(stop.streamId(), StreamStatus.Kind.STOPPED, stop.reason()));
            }
        } else if (event instanceof ReaderCommands.UpdateStream update) {
            RtspStreamDecoder decoder = decoders.get(update.streamId());
            if (decoder != null) {
                decoder.setMaxFps(update.maxFps());
                decoder.updateMotion(update.settings().motion());
                decoder.updateRecord(update.settings().record());
                statuses.add(new StreamSettingsUpdate(update.streamId(), update.settings()));
            }
        } else if (event instanceof ReaderCommands.JobSettings job) {
            statuses.add(new JobSettingsUpdate(job.settings()));
        } else if (event instanceof ReaderCommands.EmitStatus emit) {
            statuses.add(emit.status());
        } else {
            LOG.warn("Ignoring unknown source event {}", event);
        }
        signal();
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        signal();
    }

    /** No splits: the enumerator owns the registry (see the class comment). */
    @Override
    public List<RtspStreamSplit> snapshotState(long checkpointId) {
        return List.of();
    }

    @Override
    public void close() throws Exception {
        for (RtspStreamDecoder decoder : decoders.values()) {
            decoder.stop();
        }
        // A decoder blocked in a grab ends within the read timeout; don't hold the task that long.
        for (RtspStreamDecoder decoder : decoders.values()) {
            decoder.join(200);
        }
        decoders.clear();
    }

    // --- StreamListener: decoder threads ------------------------------------------------------

    @Override
    public void frameAvailable() {
        signal();
    }

    @Override
    public void status(StreamStatus status) {
        statuses.add(status);
        signal();
    }

    // ------------------------------------------------------------------------------------------

    private boolean hasPending() {
        if (!statuses.isEmpty()) {
            return true;
        }
        for (RtspStreamDecoder decoder : decoders.values()) {
            if (decoder.hasFrame()) {
                return true;
            }
        }
        return false;
    }

    private void signal() {
        CompletableFuture<Void> toComplete;
        synchronized (availabilityLock) {
            pendingSignal = true;
            toComplete = availability;
            availability = null;
        }
        if (toComplete != null) {
            toComplete.complete(null);
        }
    }
}
