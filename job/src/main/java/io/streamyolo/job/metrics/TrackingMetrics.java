package io.streamyolo.job.metrics;

import io.streamyolo.track.LineCount;
import io.streamyolo.track.TrackEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * What a dashboard shows of a stream's tracks, as metrics of the detection operator, per stream:
 * {@code objectsEntered} (tracks confirmed), and per zone and line {@code zone.<name>.objects}
 * (in it now), {@code line.<name>.crossedIn} and {@code crossedOut} (since tracking began); and a
 * part of the summary line. Called on the task thread; gauges are read by the metric reporter.
 */
public final class TrackingMetrics {

    public static final String OBJECTS_ENTERED = "objectsEntered";
    public static final String ZONE_OBJECTS = "objects";
    public static final String LINE_IN = "crossedIn";
    public static final String LINE_OUT = "crossedOut";

    private final MetricGroup group;
    private final Map<String, StreamGauges> streams = new HashMap<>();

    public TrackingMetrics(MetricGroup group) {
        this.group = group;
    }

    /** After each tracked frame: the frame's events, and the stream's zones and lines now. */
    public void tracked(String streamId, List<TrackEvent> events, Map<String, Integer> occupancy, Map<String, LineCount> lines) {
        StreamGauges s = streams.computeIfAbsent(streamId, id -> new StreamGauges(group.addGroup("stream_id", id)));
        for (TrackEvent e : events) {
            if (e.kind() == TrackEvent.Kind.OBJECT_ENTERED) {
                s.entered.inc();
                s.enteredInWindow++;
            }
        }
        for (Map.Entry<String, Integer> z : occupancy.entrySet()) {
            if (s.occupancy.put(z.getKey(), z.getValue()) == null) {
                String zone = z.getKey();
                s.group.addGroup("zone", zone).gauge(ZONE_OBJECTS, () -> s.occupancy.getOrDefault(zone, 0));
            }
        }
        s.occupancy.keySet().retainAll(occupancy.keySet());
        for (Map.Entry<String, LineCount> l : lines.entrySet()) {
            if (s.lines.put(l.getKey(), l.getValue()) == null) {
                String line = l.getKey();
                MetricGroup g = s.group.addGroup("line", line);
                g.gauge(LINE_IN, () -> s.lines.getOrDefault(line, new LineCount(0, 0)).in());
                g.gauge(LINE_OUT, () -> s.lines.getOrDefault(line, new LineCount(0, 0)).out());
            }
        }
        s.lines.keySet().retainAll(lines.keySet());
    }

    /** The tracking part of a stream's summary line, counts since the previous line; then resets them. */
    public String summary(String streamId) {
        StreamGauges s = streams.get(streamId);
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, " | tracks +%d", s.enteredInWindow));
        new TreeMap<>(s.occupancy).forEach((zone, n) -> b.append(String.format(Locale.ROOT, " | zone %s: %d now", zone, n)));
        new TreeMap<>(s.lines).forEach((line, c) ->
                b.append(String.format(Locale.ROOT, " | line %s: in %d, out %d", line, c.in(), c.out())));
        s.enteredInWindow = 0;
        return b.toString();
    }

    private static final class StreamGauges {
        final MetricGroup group;
        final Counter entered;
        final Map<String, Integer> occupancy = new ConcurrentHashMap<>();
        final Map<String, LineCount> lines = new ConcurrentHashMap<>();
        long enteredInWindow;

        StreamGauges(MetricGroup group) {
            this.group = group;
            this.entered = group.counter(OBJECTS_ENTERED);
        }
    }
}
