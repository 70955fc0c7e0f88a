package io.streamyolo.source;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Options of the RTSP source, as Flink {@link ConfigOption}s (keys usable in a job's configuration). */
public final class RtspSourceOptions {

    private RtspSourceOptions() {}

    public static final ConfigOption<List<String>> ALLOWED_SCHEMES = ConfigOptions.key("rtsp.allowed-schemes")
            .stringType()
            .asList()
            .defaultValues("rtsp", "rtsps")
            .withDescription("URL schemes a START command may use. Commands are untrusted input: enable 'file' "
                    + "(a video file for a demo) or 'http' (MJPEG cameras) only on purpose.");

    public static final ConfigOption<Duration> READ_TIMEOUT = ConfigOptions.key("rtsp.read-timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(5))
            .withDescription("A camera that sends nothing for this long is treated as frozen and reopened.");

    public static final ConfigOption<Duration> RECONNECT_BACKOFF_INITIAL = ConfigOptions.key("rtsp.reconnect.backoff-initial")
            .durationType()
            .defaultValue(Duration.ofSeconds(1))
            .withDescription("Wait before the first reconnect of a failed camera; doubled after each failure.");

    public static final ConfigOption<Duration> RECONNECT_BACKOFF_MAX = ConfigOptions.key("rtsp.reconnect.backoff-max")
            .durationType()
            .defaultValue(Duration.ofSeconds(30))
            .withDescription("Longest wait between reconnects of a failed camera.");

    public static final ConfigOption<Double> DEFAULT_MAX_FPS = ConfigOptions.key("rtsp.default-max-fps")
            .doubleType()
            .defaultValue(0.0)
            .withDescription("Frame-rate cap of a stream whose START gives no max_fps; 0 emits every frame.");

    public static final ConfigOption<Duration> CONTROL_POLL_INTERVAL = ConfigOptions.key("rtsp.control.poll-interval")
            .durationType()
            .defaultValue(Duration.ofMillis(200))
            .withDescription("How often the control file or topic is checked for new commands.");

    public static final ConfigOption<String> RECORDINGS = ConfigOptions.key("rtsp.recordings")
            .stringType()
            .noDefaultValue()
            .withDescription("Directory where cameras whose settings say 'record' write their MP4 clips and segments "
                    + "(on several machines, one every TaskManager reaches). Without it nothing is recorded.");
}
