package io.streamyolo.job.sink;

import io.streamyolo.job.OperatorUids;
import io.streamyolo.job.detect.DetectionResult;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Where results go: stdout (the embedded default) or a Kafka topic keyed by stream id. */
public final class ResultSinks {

    private ResultSinks() {}

    public static void attach(DataStream<DetectionResult> results, String bootstrap, String topic, boolean exactlyOnce) {
        if (topic == null) {
            results.print().name("print-results").uid(OperatorUids.RESULTS_SINK);
            return;
        }
        results.sinkTo(kafka(bootstrap, topic, exactlyOnce)).name("kafka-results").uid(OperatorUids.RESULTS_SINK);
    }

    /**
     * A transaction open longer than this is aborted by the broker. Flink's default (1 hour) is
     * refused by brokers with the default {@code transaction.max.timeout.ms} of 15 minutes; this
     * still outlasts a checkpoint interval plus a restart many times over.
     */
    static final String TRANSACTION_TIMEOUT_MS = String.valueOf(15 * 60 * 1000);

    /** Kafka sink: at-least-once by default; exactly-once uses transactions committed on checkpoints. */
    public static KafkaSink<DetectionResult> kafka(String bootstrap, String topic, boolean exactlyOnce) {
        return KafkaSink.<DetectionResult>builder()
                .setBootstrapServers(bootstrap)
                .setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS)
                .setRecordSerializer(KafkaRecordSerializationSchema.<DetectionResult>builder()
                        .setTopic(topic)
                        .setKeySerializationSchema(new StreamIdKey())
                        .setValueSerializationSchema(new JsonValue())
                        .build())
                .setDeliveryGuarantee(exactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE)
                .setTransactionalIdPrefix("streamyolo-" + topic)
                .build();
    }

    // Named classes, not lambdas: the Kafka sink's lineage reads their type parameters.

    /** The Kafka key: the stream id, so that a stream's results stay in order in one partition. */
    static final class StreamIdKey implements SerializationSchema<DetectionResult> {
        private static final long serialVersionUID = 1L;

        @Override
        public byte[] serialize(DetectionResult result) {
            return result.streamId().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The Kafka value: the result's JSON. */
    static final class JsonValue implements SerializationSchema<DetectionResult> {
        private static final long serialVersionUID = 1L;

        @Override
        public byte[] serialize(DetectionResult result) {
            return result.json().getBytes(StandardCharsets.UTF_8);
        }
    }
}
