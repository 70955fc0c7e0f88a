package io.streamyolo.job.sink;

import io.streamyolo.job.DetectionJob;
import io.streamyolo.job.detect.DetectionResult;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Where results go: stdout (the embedded default) or a Kafka topic keyed by stream id. */
public final class ResultSinks {

    private ResultSinks() {}

    public static void attach(DataStream<DetectionResult> results, String bootstrap, String topic, boolean exactlyOnce) {
        if (topic == null) {
            results.print().name("print-results").uid(DetectionJob.SINK_UID);
            return;
        }
        results.sinkTo(kafka(bootstrap, topic, exactlyOnce)).name("kafka-results").uid(DetectionJob.SINK_UID);
    }

    /** Kafka sink: at-least-once by default; exactly-once uses transactions committed on checkpoints. */
    public static KafkaSink<DetectionResult> kafka(String bootstrap, String topic, boolean exactlyOnce) {
        return KafkaSink.<DetectionResult>builder()
                .setBootstrapServers(bootstrap)
                .setRecordSerializer(KafkaRecordSerializationSchema.<DetectionResult>builder()
                        .setTopic(topic)
                        .setKeySerializationSchema(r -> r.streamId().getBytes(StandardCharsets.UTF_8))
                        .setValueSerializationSchema(r -> r.json().getBytes(StandardCharsets.UTF_8))
                        .build())
                .setDeliveryGuarantee(exactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE)
                .setTransactionalIdPrefix("streamyolo-" + topic)
                .build();
    }
}
