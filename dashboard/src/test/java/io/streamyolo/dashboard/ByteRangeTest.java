package io.streamyolo.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void testRangesABrowserAsks() throws Exception {
        assertThat(ByteRange.parse("bytes=0-", 1000)).hasValue(new ByteRange(0, 999));
        assertThat(ByteRange.parse("bytes=200-299", 1000)).hasValue(new ByteRange(200, 299));
        assertThat(ByteRange.parse("bytes=900-5000", 1000)).hasValue(new ByteRange(900, 999));
        assertThat(ByteRange.parse("bytes=-100", 1000)).hasValue(new ByteRange(900, 999));
        assertThat(ByteRange.parse("bytes=-5000", 1000)).hasValue(new ByteRange(0, 999));
        assertThat(new ByteRange(200, 299).length()).isEqualTo(100);
        assertThat(new ByteRange(200, 299).contentRange(1000)).isEqualTo("bytes 200-299/1000");
    }

    @Test
    void testOthersIgnoredAndRangesPastTheEndUnsatisfiable() throws Exception {
        // No header, several ranges, another unit, bad syntax: the whole file.
        assertThat(ByteRange.parse(null, 1000)).isEmpty();
        assertThat(ByteRange.parse("bytes=0-1,5-6", 1000)).isEmpty();
        assertThat(ByteRange.parse("items=0-1", 1000)).isEmpty();
        assertThat(ByteRange.parse("bytes=-", 1000)).isEmpty();
        assertThat(ByteRange.parse("bytes=9-3", 1000)).isEmpty();
        assertThatThrownBy(() -> ByteRange.parse("bytes=1000-", 1000)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThatThrownBy(() -> ByteRange.parse("bytes=-0", 1000)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThatThrownBy(() -> ByteRange.parse("bytes=0-", 0)).isInstanceOf(ByteRange.Unsatisfiable.class);
    }
}
