package io.streamyolo.store;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Store URLs: which database a URL names, its SQLite file, and the URL with its password masked
 * ({@code password=***}, {@code user:***@}) for every message that may reach a log or a user.
 */
public final class JdbcUrls {

    static final String SQLITE_PREFIX = "jdbc:sqlite:";
    static final String POSTGRESQL_PREFIX = "jdbc:postgresql:";

    private static final Pattern USER_INFO = Pattern.compile("(?i)([a-z][a-z0-9+.:-]*://)([^:/@\\s?]*):([^@/\\s?]*)@");
    /** A value already masked ({@code ***} then a delimiter) stays as it is: masking twice is safe. */
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "(?i)([?&;](?:password|passwd|pwd|pass|sslpassword)=)(\\*\\*\\*(?=[:&;\\s\"),]|$)|[^&;\\s\"]*)");
    private static final Pattern PG_USER_INFO = Pattern.compile("(?i)^(jdbc:postgresql://)([^/@?]*)@(.*)$");

    private JdbcUrls() {}

    /**
     * The JDBC URL for what a user typed: a JDBC URL as is, {@code postgresql://...} with
     * {@code jdbc:} prepended, anything else as the path of an SQLite file.
     */
    public static String normalize(String url) {
        String u = url.strip();
        if (u.regionMatches(true, 0, "jdbc:", 0, 5)) {
            return u;
        }
        if (u.regionMatches(true, 0, "postgresql://", 0, 13) || u.regionMatches(true, 0, "postgres://", 0, 11)) {
            return "jdbc:postgresql://" + u.substring(u.indexOf("://") + 3);
        }
        return SQLITE_PREFIX + u;
    }

    /** The text with every URL password replaced by {@code ***}. */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = USER_INFO.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2) + ":***@"));
        return SECRET_PARAM.matcher(masked).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "***"));
    }

    public static boolean isSqlite(String jdbcUrl) {
        return jdbcUrl.regionMatches(true, 0, SQLITE_PREFIX, 0, SQLITE_PREFIX.length());
    }

    public static boolean isPostgresql(String jdbcUrl) {
        return jdbcUrl.regionMatches(true, 0, POSTGRESQL_PREFIX, 0, POSTGRESQL_PREFIX.length());
    }

    /**
     * The database file of an SQLite URL ({@code jdbc:sqlite:/path}, {@code jdbc:sqlite:file:/path?mode=ro});
     * empty for other URLs and in-memory databases.
     */
    public static Optional<Path> sqliteFile(String jdbcUrl) {
        if (!isSqlite(jdbcUrl)) {
            return Optional.empty();
        }
        String rest = jdbcUrl.substring(SQLITE_PREFIX.length());
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        if (rest.startsWith("file:")) {
            rest = rest.substring(5);
            if (rest.startsWith("//")) {
                rest = rest.substring(2);
            }
        }
        if (rest.isEmpty() || rest.startsWith(":memory:") || rest.startsWith(":resource:")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(rest));
    }

    /** What a message should call the store: "SQLite file /x/events.db", or the masked URL. */
    public static String describe(String jdbcUrl) {
        return sqliteFile(jdbcUrl).map(p -> "SQLite file " + p.toAbsolutePath()).orElseGet(() -> mask(jdbcUrl));
    }

    // ------------------------------------------------------------------------------------------

    /**
     * Moves {@code user:password@} out of a PostgreSQL URL (the driver does not read it) into
     * {@code props}; returns the URL without it.
     */
    static String extractPostgresUserInfo(String jdbcUrl, Properties props) {
        Matcher m = PG_USER_INFO.matcher(jdbcUrl);
        if (!m.matches() || m.group(3).isEmpty()) {
            return jdbcUrl;
        }
        String userInfo = m.group(2);
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
        if (!user.isEmpty()) {
            props.setProperty("user", URLDecoder.decode(user, StandardCharsets.UTF_8));
        }
        if (colon >= 0) {
            props.setProperty("password", URLDecoder.decode(userInfo.substring(colon + 1), StandardCharsets.UTF_8));
        }
        return m.group(1) + m.group(3);
    }
}
