package io.streamyolo.dashboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends commands to the job's Kafka control topic, one record each, keyed by stream id (the
 * topic should have one partition, which keeps all commands in order; the key keeps each camera's
 * commands in order even on more). Each send waits for the broker's acknowledgement, so the
 * browser hears of a failure. The producer is thread-safe.
 */
public final class KafkaCommandSink implements CommandSink {

    /** Longest wait for the broker before a command fails (the browser gets the error). */
    static final int SEND_TIMEOUT_MS = 10_000;

    private final String topic;
    private final String bootstrap;
    private final KafkaProducer<byte[], byte[]> producer;

    public KafkaCommandSink(String bootstrap, String topic) {
        this.topic = topic;
        this.bootstrap = bootstrap;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(SEND_TIMEOUT_MS));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(SEND_TIMEOUT_MS / 2));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(SEND_TIMEOUT_MS));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "streamyolo-dashboard");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void send(String streamId, String line) throws IOException {
        byte[] key = streamId == null ? null : streamId.getBytes(StandardCharsets.UTF_8);
        try {
            producer.send(new ProducerRecord<>(topic, key, line.getBytes(StandardCharsets.UTF_8)))
                    .get(SEND_TIMEOUT_MS + 1_000L, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while sending to " + description(), e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IOException("Cannot send to " + description() + ": " + cause.getMessage(), cause);
        }
    }

    @Override
    public String description() {
        return "Kafka topic " + topic + " at " + bootstrap;
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
