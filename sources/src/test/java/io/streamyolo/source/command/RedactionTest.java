package io.streamyolo.source.command;

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
}
