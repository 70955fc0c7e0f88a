package io.streamyolo.source;

import io.streamyolo.control.command.StreamCommandParser;
import io.streamyolo.source.command.ControlChannel;
import io.streamyolo.source.enumerator.RtspEnumState;
import io.streamyolo.source.enumerator.RtspEnumStateSerializer;
import io.streamyolo.source.enumerator.RtspSplitEnumerator;
import io.streamyolo.source.enumerator.SplitAssigner;
import io.streamyolo.source.event.CameraEvent;
import io.streamyolo.source.event.CameraEventTypeInfo;
import io.streamyolo.source.reader.DecoderSettings;
import io.streamyolo.source.reader.RtspSourceReader;
import io.streamyolo.source.split.RtspStreamSplit;
import io.streamyolo.source.split.RtspStreamSplitSerializer;
import java.util.List;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A Flink source of live camera streams. Each camera is a split, started and stopped at runtime
 * by commands from control channels; it emits decoded frames and status events.
 *
 * <pre>{@code
 * RtspSource source = RtspSource.builder()
 *         .setControlFile(Path.of("commands.jsonl"))
 *         .addInitialCommand("{\"type\":\"START\",\"stream_id\":\"cam1\",\"rtsp\":\"rtsp://10.0.0.5/stream\"}")
 *         .build();
 * DataStream<CameraEvent> events = env.fromSource(source, WatermarkStrategy.noWatermarks(), "cameras");
 * }</pre>
 *
 * <p>Unbounded; a SHUTDOWN command stops every stream and ends it, so the job can finish.
 */
public final class RtspSource
        implements Source<CameraEvent, RtspStreamSplit, RtspEnumState>, ResultTypeQueryable<CameraEvent> {

    private static final long serialVersionUID = 1L;

    private final List<ControlChannel> channels;
    private final StreamCommandParser parser;
    private final SplitAssigner assigner;
    private final DecoderSettings decoderSettings;
    private final double defaultMaxFps;
    private final long pollIntervalMillis;

    RtspSource(List<ControlChannel> channels, StreamCommandParser parser, SplitAssigner assigner,
            DecoderSettings decoderSettings, double defaultMaxFps, long pollIntervalMillis) {
        this.channels = List.copyOf(channels);
        this.parser = parser;
        this.assigner = assigner;
        this.decoderSettings = decoderSettings;
        this.defaultMaxFps = defaultMaxFps;
        this.pollIntervalMillis = pollIntervalMillis;
    }

    @VisibleForTesting
    DecoderSettings decoderSettings() {
        return decoderSettings;
    }

    @VisibleForTesting
    double defaultMaxFps() {
        return defaultMaxFps;
    }

    public static RtspSourceBuilder builder() {
        return new RtspSourceBuilder();
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<CameraEvent, RtspStreamSplit> createReader(SourceReaderContext readerContext) {
        return new RtspSourceReader(readerContext, decoderSettings);
    }

    @Override
    public SplitEnumerator<RtspStreamSplit, RtspEnumState> createEnumerator(SplitEnumeratorContext<RtspStreamSplit> context) {
        return restoreEnumerator(context, RtspEnumState.empty());
    }

    @Override
    public SplitEnumerator<RtspStreamSplit, RtspEnumState> restoreEnumerator(
            SplitEnumeratorContext<RtspStreamSplit> context, RtspEnumState checkpoint) {
        return new RtspSplitEnumerator(context, channels, parser, assigner, defaultMaxFps, pollIntervalMillis, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<RtspStreamSplit> getSplitSerializer() {
        return RtspStreamSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<RtspEnumState> getEnumeratorCheckpointSerializer() {
        return RtspEnumStateSerializer.INSTANCE;
    }

    @Override
    public TypeInformation<CameraEvent> getProducedType() {
        return CameraEventTypeInfo.INSTANCE;
    }
}
