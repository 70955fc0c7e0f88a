package io.streamyolo.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class JdbcUrlsTest {

    @Test
    void testMaskPasswordParameter() {
        assertThat(JdbcUrls.mask("jdbc:postgresql://db:5432/events?user=app&password=s3cr%26t&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/events?user=app&password=***&ssl=true");
        assertThat(JdbcUrls.mask("jdbc:postgresql://db/events?password=x")).isEqualTo("jdbc:postgresql://db/events?password=***");
        assertThat(JdbcUrls.mask("Cannot open jdbc:postgresql://db/e?sslpassword=k&PASSWORD=p refused"))
                .isEqualTo("Cannot open jdbc:postgresql://db/e?sslpassword=***&PASSWORD=*** refused");
        // Masking twice changes nothing (messages are built from masked URLs, then masked whole).
        String once = JdbcUrls.mask("jdbc:postgresql://db/e?user=u&password=p") + ": refused";
        assertThat(JdbcUrls.mask(once)).isEqualTo(once).isEqualTo("jdbc:postgresql://db/e?user=u&password=***: refused");
        // A password that merely starts with *** is masked whole.
        assertThat(JdbcUrls.mask("x?password=***abc")).isEqualTo("x?password=***");
    }

    @Test
    void testMaskUserInfo() {
        assertThat(JdbcUrls.mask("jdbc:postgresql://app:hunter2@db:5432/events"))
                .isEqualTo("jdbc:postgresql://app:***@db:5432/events");
        assertThat(JdbcUrls.mask("postgresql://app:hunter2@db/events")).isEqualTo("postgresql://app:***@db/events");
        // No user info: host:port is left alone.
        assertThat(JdbcUrls.mask("jdbc:postgresql://db:5432/events")).isEqualTo("jdbc:postgresql://db:5432/events");
        assertThat(JdbcUrls.mask(null)).isNull();
    }

    @Test
    void testNormalize() {
        assertThat(JdbcUrls.normalize("work/events.db")).isEqualTo("jdbc:sqlite:work/events.db");
        assertThat(JdbcUrls.normalize(" jdbc:sqlite:/x.db ")).isEqualTo("jdbc:sqlite:/x.db");
        assertThat(JdbcUrls.normalize("postgresql://h/db")).isEqualTo("jdbc:postgresql://h/db");
        assertThat(JdbcUrls.normalize("postgres://u:p@h/db")).isEqualTo("jdbc:postgresql://u:p@h/db");
    }

    @Test
    void testSqliteFile() {
        assertThat(JdbcUrls.sqliteFile("jdbc:sqlite:/data/events.db")).contains(Path.of("/data/events.db"));
        assertThat(JdbcUrls.sqliteFile("jdbc:sqlite:file:/data/events.db?mode=ro")).contains(Path.of("/data/events.db"));
        assertThat(JdbcUrls.sqliteFile("jdbc:sqlite:rel/events.db")).contains(Path.of("rel/events.db"));
        assertThat(JdbcUrls.sqliteFile("jdbc:sqlite::memory:")).isEmpty();
        assertThat(JdbcUrls.sqliteFile("jdbc:postgresql://h/db")).isEmpty();
        assertThat(JdbcUrls.describe("jdbc:sqlite:/data/events.db")).isEqualTo("SQLite file /data/events.db");
        assertThat(JdbcUrls.describe("jdbc:postgresql://h/db?password=p")).isEqualTo("jdbc:postgresql://h/db?password=***");
    }

    @Test
    void testExtractPostgresUserInfo() {
        Properties props = new Properties();
        assertThat(JdbcUrls.extractPostgresUserInfo("jdbc:postgresql://app:p%40ss@db:5432/events?ssl=true", props))
                .isEqualTo("jdbc:postgresql://db:5432/events?ssl=true");
        assertThat(props).containsEntry("user", "app").containsEntry("password", "p@ss");

        Properties none = new Properties();
        assertThat(JdbcUrls.extractPostgresUserInfo("jdbc:postgresql://db:5432/events?user=u", none))
                .isEqualTo("jdbc:postgresql://db:5432/events?user=u");
        assertThat(none).isEmpty();
    }
}
