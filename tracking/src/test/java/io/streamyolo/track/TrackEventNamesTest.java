package io.streamyolo.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TrackEventNamesTest {

    /** The store reads events by these names: every kind has one, and there are no others. */
    @Test
    void testEveryKindHasItsWireNameAndNoNameIsLeftOver() {
        assertThat(Arrays.stream(TrackEvent.Kind.values()).map(TrackEvent.Kind::wireName))
                .containsExactlyInAnyOrderElementsOf(TrackEventNames.ALL);
    }
}
