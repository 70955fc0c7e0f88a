package io.streamyolo.bench;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A metric reporter that keeps the local cluster's counters and gauges where the benchmark in the
 * same JVM reads them: the job's own metrics, summed over subtasks and streams.
 */
public final class CapturingReporter implements MetricReporter, MetricReporterFactory {

    private static final Map<String, Metric> METRICS = new ConcurrentHashMap<>();

    /** Sets up the reporter in a local cluster's configuration. */
    static void configure(org.apache.flink.configuration.Configuration conf) {
        conf.setString("metrics.reporter.capture.factory.class", CapturingReporter.class.getName());
    }

    /**
     * The sum of every counter or numeric gauge called {@code name}, of the per-stream ones ({@code
     * stream_id} group) or of the others.
     */
    static long sum(String name, boolean perStream) {
        long sum = 0;
        for (Map.Entry<String, Metric> e : METRICS.entrySet()) {
            if (e.getKey().endsWith("." + name) && e.getKey().contains(".stream_id.") == perStream) {
                if (e.getValue() instanceof Counter c) {
                    sum += c.getCount();
                } else if (e.getValue() instanceof Gauge<?> g && g.getValue() instanceof Number n) {
                    sum += n.longValue();
                }
            }
        }
        return sum;
    }

    static void clear() {
        METRICS.clear();
    }

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        return this;
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        METRICS.put(group.getMetricIdentifier(name), metric);
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {}
}
