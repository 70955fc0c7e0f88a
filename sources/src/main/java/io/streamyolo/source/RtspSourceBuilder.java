package io.streamyolo.source;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;
import static org.apache.flink.util.Preconditions.checkState;

import io.streamyolo.control.command.StreamCommandParser;
import io.streamyolo.control.command.UrlPolicy;
import io.streamyolo.source.command.ControlChannel;
import io.streamyolo.source.command.FileControlChannel;
import io.streamyolo.source.command.KafkaControlChannel;
import io.streamyolo.source.command.StaticControlChannel;
import io.streamyolo.source.enumerator.SplitAssigner;
import io.streamyolo.source.reader.DecoderSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.ReadableConfig;

/** Builder of {@link RtspSource}; defaults are those of {@link RtspSourceOptions}. */
public final class RtspSourceBuilder {

    private Path controlFile;
    private String kafkaBootstrap;
    private String kafkaTopic;
    private final List<String> initialCommands = new ArrayList<>();
    private Set<String> allowedSchemes = new HashSet<>(RtspSourceOptions.ALLOWED_SCHEMES.defaultValue());
    private Duration readTimeout = RtspSourceOptions.READ_TIMEOUT.defaultValue();
    private Duration backoffInitial = RtspSourceOptions.RECONNECT_BACKOFF_INITIAL.defaultValue();
    private Duration backoffMax = RtspSourceOptions.RECONNECT_BACKOFF_MAX.defaultValue();
    private String recordings;
    private double defaultMaxFps = RtspSourceOptions.DEFAULT_MAX_FPS.defaultValue();
    private Duration pollInterval = RtspSourceOptions.CONTROL_POLL_INTERVAL.defaultValue();

    RtspSourceBuilder() {}

    /** Commands from a JSON-lines file, watched for appended lines (the embedded default). */
    public RtspSourceBuilder setControlFile(Path file) {
        this.controlFile = checkNotNull(file, "control file");
        return this;
    }

    /** Commands from a single-partition Kafka topic. */
    public RtspSourceBuilder setKafkaControl(String bootstrapServers, String topic) {
        this.kafkaBootstrap = checkNotNull(bootstrapServers, "bootstrap servers");
        this.kafkaTopic = checkNotNull(topic, "topic");
        return this;
    }

    /** A command applied when the job first starts (not again after a restore). */
    public RtspSourceBuilder addInitialCommand(String json) {
        initialCommands.add(checkNotNull(json, "command"));
        return this;
    }

    public RtspSourceBuilder setAllowedSchemes(Set<String> schemes) {
        this.allowedSchemes = new HashSet<>(schemes);
        return this;
    }

    public RtspSourceBuilder setReadTimeout(Duration timeout) {
        this.readTimeout = timeout;
        return this;
    }

    public RtspSourceBuilder setReconnectBackoff(Duration initial, Duration max) {
        this.backoffInitial = initial;
        this.backoffMax = max;
        return this;
    }

    /** Where cameras that record write their files (an absolute path); null: nothing is recorded. */
    public RtspSourceBuilder setRecordings(String directory) {
        this.recordings = directory;
        return this;
    }

    public RtspSourceBuilder setDefaultMaxFps(double fps) {
        this.defaultMaxFps = fps;
        return this;
    }

    public RtspSourceBuilder setControlPollInterval(Duration interval) {
        this.pollInterval = interval;
        return this;
    }

    /** Takes every {@link RtspSourceOptions} set in the configuration (a job's, say). */
    public RtspSourceBuilder setOptions(ReadableConfig config) {
        config.getOptional(RtspSourceOptions.ALLOWED_SCHEMES).ifPresent(s -> setAllowedSchemes(new HashSet<>(s)));
        config.getOptional(RtspSourceOptions.READ_TIMEOUT).ifPresent(this::setReadTimeout);
        config.getOptional(RtspSourceOptions.RECONNECT_BACKOFF_INITIAL).ifPresent(d -> backoffInitial = d);
        config.getOptional(RtspSourceOptions.RECONNECT_BACKOFF_MAX).ifPresent(d -> backoffMax = d);
        config.getOptional(RtspSourceOptions.DEFAULT_MAX_FPS).ifPresent(this::setDefaultMaxFps);
        config.getOptional(RtspSourceOptions.CONTROL_POLL_INTERVAL).ifPresent(this::setControlPollInterval);
        config.getOptional(RtspSourceOptions.RECORDINGS).ifPresent(this::setRecordings);
        return this;
    }

    public RtspSource build() {
        sanityCheck();
        List<ControlChannel> channels = new ArrayList<>();
        if (!initialCommands.isEmpty()) {
            channels.add(new StaticControlChannel(initialCommands));
        }
        if (controlFile != null) {
            channels.add(new FileControlChannel(controlFile));
        }
        if (kafkaTopic != null) {
            channels.add(new KafkaControlChannel(kafkaBootstrap, kafkaTopic, Map.of()));
        }
        return new RtspSource(channels, new StreamCommandParser(new UrlPolicy(allowedSchemes)), SplitAssigner.leastLoaded(),
                new DecoderSettings(readTimeout, backoffInitial, backoffMax, recordings), defaultMaxFps, pollInterval.toMillis());
    }

    private void sanityCheck() {
        checkState(controlFile != null || kafkaTopic != null || !initialCommands.isEmpty(),
                "No control channel: set a control file, a Kafka topic, or initial commands");
        checkArgument(!allowedSchemes.isEmpty(), "At least one URL scheme must be allowed");
        checkArgument(recordings == null || java.nio.file.Path.of(recordings).isAbsolute(),
                "The recordings directory must be an absolute path (the TaskManagers' working directories differ), got %s", recordings);
        checkArgument(!readTimeout.isNegative() && !readTimeout.isZero(), "Read timeout must be positive, got %s", readTimeout);
        checkArgument(!backoffInitial.isNegative() && backoffInitial.compareTo(backoffMax) <= 0,
                "Reconnect backoff must satisfy 0 <= initial <= max, got %s and %s", backoffInitial, backoffMax);
        checkArgument(defaultMaxFps >= 0, "Default max fps must be >= 0, got %s", defaultMaxFps);
        checkArgument(pollInterval.toMillis() > 0, "Control poll interval must be positive, got %s", pollInterval);
    }
}
