package io.streamyolo.source.command;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Commands from a Kafka topic. Reads every partition without a consumer group (the enumerator's
 * checkpoint holds the offsets, so a restored job goes on where it stopped) and takes values as
 * raw bytes: a record that is not a valid command becomes an error event, never a stuck consumer.
 *
 * <p>A new job starts from the earliest offset so that commands sent before it started are seen.
 * Only one partition position fits in the checkpoint's per-channel slot, so this channel reads a
 * single-partition topic, which also keeps commands in order; it says so when the topic has more.
 *
 * <p>Threads: the enumerator polls on its worker thread and closes on the coordinator thread. A
 * KafkaConsumer must never be used by two threads at once, so {@link #close()} wakes a poll in
 * progress and then waits for it (both are synchronized); a poll after close reads nothing.
 */
public final class KafkaControlChannel implements ControlChannel {

    private static final long serialVersionUID = 1L;

    private final String bootstrapServers;
    private final String topic;
    private final Map<String, String> extraProperties;
    private long restoredOffset = -1;
    private transient volatile KafkaConsumer<byte[], byte[]> consumer;
    private transient TopicPartition partition;
    private transient volatile boolean closed;

    public KafkaControlChannel(String bootstrapServers, String topic, Map<String, String> extraProperties) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.extraProperties = extraProperties == null ? Map.of() : Map.copyOf(extraProperties);
    }

    @Override
    public String id() {
        return "kafka:" + topic;
    }

    @Override
    public void restore(long position) {
        this.restoredOffset = position;
    }

    @Override
    public synchronized List<ControlLine> poll() {
        if (closed || (consumer == null && !open())) {
            return List.of();
        }
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(Duration.ofMillis(100));
        } catch (WakeupException e) {
            return List.of(); // close() is waiting for this poll
        }
        List<ControlLine> lines = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            byte[] value = record.value();
            if (value != null && value.length > MAX_LINE_BYTES) {
                lines.add(ControlLine.oversized(id(), value.length, record.offset() + 1));
                continue;
            }
            String text = value == null ? "" : new String(value, StandardCharsets.UTF_8);
            lines.add(new ControlLine(id(), text, record.offset() + 1));
        }
        return lines;
    }

    @Override
    public void close() {
        closed = true;
        KafkaConsumer<byte[], byte[]> polling = consumer;
        if (polling != null) {
            polling.wakeup(); // the one KafkaConsumer method that is safe from another thread
        }
        synchronized (this) {
            if (consumer != null) {
                consumer.close(Duration.ofSeconds(2));
                consumer = null;
            }
        }
    }

    /** Connects and seeks; false while the topic does not exist yet (it is looked for again). */
    private boolean open() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "streamyolo-control-" + topic);
        props.putAll(new HashMap<>(extraProperties));
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props);
        List<PartitionInfo> partitions;
        try {
            partitions = c.partitionsFor(topic, Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            c.close(Duration.ofSeconds(1));
            throw e;
        }
        if (partitions == null || partitions.isEmpty()) {
            c.close(Duration.ofSeconds(1));
            return false;
        }
        if (partitions.size() > 1) {
            org.slf4j.LoggerFactory.getLogger(KafkaControlChannel.class).warn(
                    "Control topic {} has {} partitions; only partition 0 is read: use a single-partition topic",
                    topic, partitions.size());
        }
        partition = new TopicPartition(topic, 0);
        c.assign(List.of(partition));
        if (restoredOffset >= 0) {
            c.seek(partition, restoredOffset);
        } else {
            c.seekToBeginning(List.of(partition));
        }
        consumer = c;
        return true;
    }
}
