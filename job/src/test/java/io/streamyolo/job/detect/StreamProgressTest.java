package io.streamyolo.job.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

class StreamProgressTest {

    @Test
    void testFreshStreamKeepsTheSourceNumbers() {
        StreamProgress p = new StreamProgress("cam");
        assertThat(p.sequenceOf(3)).isEqualTo(3);
        assertThat(p.sequenceOf(7)).isEqualTo(7);
        assertThat(p.nextSequence).isEqualTo(8);
    }

    @Test
    void testSourceCountingAgainGoesOnFromTheLastNumber() {
        StreamProgress p = new StreamProgress("cam");
        p.sequenceOf(0);
        p.sequenceOf(41);
        // The source reopened the stream (a new START, a failover) and counts from 0 again.
        assertThat(p.sequenceOf(0)).isEqualTo(42);
        assertThat(p.sequenceOf(5)).isEqualTo(47);
    }

    @Test
    void testRestoredProgressGoesOnWhereItStopped() {
        StreamProgress saved = new StreamProgress("cam");
        saved.nextSequence = 1000;
        assertThat(saved.sequenceOf(2)).isEqualTo(1002);
        assertThat(saved.sequenceOf(3)).isEqualTo(1003);
    }

    @Test
    void testStateIsAPojoSoThatFieldsCanBeAddedLater() {
        assertThat(TypeInformation.of(StreamProgress.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(((PojoTypeInfo<?>) TypeInformation.of(StreamProgress.class)).getFieldNames())
                .containsExactlyInAnyOrder("streamId", "nextSequence", "framesDetected", "objectsDetected", "framesDroppedWaiting",
                        "framesSkippedNoMotion",
                        "trackerState");
    }

    @Test
    void testFurthestCopyWins() {
        StreamProgress a = new StreamProgress("cam");
        a.nextSequence = 10;
        StreamProgress b = new StreamProgress("cam");
        b.nextSequence = 20;
        assertThat(StreamProgress.furthest(a, b)).isSameAs(b);
        assertThat(StreamProgress.furthest(b, a)).isSameAs(b);
    }
}
