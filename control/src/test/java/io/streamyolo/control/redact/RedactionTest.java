package io.streamyolo.control.redact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void testPasswordInUserInfoIsMasked() {
        assertThat(Redaction.redact("rtsp://admin:s3cret@10.0.0.5:554/stream1"))
                .isEqualTo("rtsp://admin:***@10.0.0.5:554/stream1");
        assertThat(Redaction.redact("Could not open input \"rtsps://u:p%40ss@cam/x\": error"))
                .isEqualTo("Could not open input \"rtsps://u:***@cam/x\": error");
    }

    @Test
    void testPasswordQueryParametersAreMasked() {
        assertThat(Redaction.redact("http://cam/video.cgi?user=admin&password=s3cret&res=hd"))
                .isEqualTo("http://cam/video.cgi?user=admin&password=***&res=hd");
    }

    @Test
    void testTextWithoutCredentialsIsUnchanged() {
        assertThat(Redaction.redact("rtsp://cam/stream and rtsp://user@cam/x")).isEqualTo("rtsp://cam/stream and rtsp://user@cam/x");
        assertThat(Redaction.redact(null)).isNull();
    }

    @Test
    void testTruncation() {
        assertThat(Redaction.redactAndTruncate("abcdef", 3)).isEqualTo("abc...");
        assertThat(Redaction.redactAndTruncate("a\u0000b\nc", 10)).isEqualTo("a?b?c");
    }

    @Test
    void testPasswordsMaskedInEveryUrlOfALine() {
        assertThat(Redaction.redact("a rtsp://u:p1@h/x b=1rtsp://v:p2@h c=\"rtsp://w:p3@h\" rtsp://x:p4@h?token=t5&k=1"))
                .isEqualTo("a rtsp://u:***@h/x b=1rtsp://v:***@h c=\"rtsp://w:***@h\" rtsp://x:***@h?token=***&k=1");
        assertThat(Redaction.redact("http://cam:8080/x rtsp://a://b:c@d")).isEqualTo("http://cam:8080/x rtsp://a://b:***@d");
    }

    /** Inputs that made the former patterns backtrack (a 60 KB stream id took 18-47 s); 1 MiB each here. */
    @Test
    void testLinearTimeOnPathologicalInput() {
        int n = 1 << 20;
        String[] hostile = {"a".repeat(n), "a1".repeat(n / 2), "a://".repeat(n / 4), "a:".repeat(n / 2),
                "rtsp://" + "u".repeat(n), "rtsp://u:" + "p".repeat(n), "?password=".repeat(n / 10), "://a:b".repeat(n / 6)};
        Redaction.redact(hostile[0]); // JIT warm-up
        for (String text : hostile) {
            long t0 = System.nanoTime();
            String out = Redaction.redactAndTruncate(text, 40);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(out).hasSizeLessThanOrEqualTo(43);
            assertThat(ms).as("ms for %s...", text.substring(0, 12)).isLessThan(1000);
        }
    }

    @Test
    void testControlCharactersNeverSplitALogLine() {
        assertThat(Redaction.escapeControls("zone\r\nFAKE 12:00 INFO x\u2028y")).isEqualTo("zone??FAKE 12:00 INFO x?y");
        assertThat(Redaction.redactAndTruncate("a\nb" + "c".repeat(100), 4)).isEqualTo("a?bc...");
    }
}
