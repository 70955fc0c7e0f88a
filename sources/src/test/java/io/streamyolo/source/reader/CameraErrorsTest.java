package io.streamyolo.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CameraErrorsTest {

    private static final String OPEN = "avformat_open_input() error %d: Could not open input \"rtsp://u:***@10.0.0.5/live\". "
            + "(Has setFormat() been called?) (For more details, make sure FFmpegLogCallback.set() has been called.)";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-111        |                                                  | connection refused",
        "-110        |                                                  | timed out",
        "-113        |                                                  | host unreachable",
        "-5          | Failed to resolve hostname cam.example: Name or service not known | host not found",
        "-5          |                                                  | I/O error",
        "-825242872 |                                                  | authentication failed (401)",
        "-875574520 |                                                  | stream not found (404)",
        "-858797304 |                                                  | access forbidden (403)",
        "-1094995529 |                                                  | invalid data",
        "-99999      |                                                  | FFmpeg error -99999 (avformat_open_input() error -99999",
    })
    void testOpenFailuresInPlainWords(int code, String log, String expected) {
        String plain = CameraErrors.describe(String.format(OPEN, code), log);
        assertThat(plain).startsWith(expected);
        if (!expected.startsWith("FFmpeg")) {
            assertThat(plain).doesNotContain("setFormat", "avformat", "FFmpegLogCallback");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "something without a code | something without a code",
        "grabber failed\\nsecond line | grabber failed",
    })
    void testMessagesWithoutACodeKeepTheirFirstLine(String message, String expected) {
        assertThat(CameraErrors.describe(message.replace("\\n", "\n"), null)).isEqualTo(expected);
    }
}
