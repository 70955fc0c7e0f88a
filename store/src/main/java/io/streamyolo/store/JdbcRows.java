package io.streamyolo.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Nullable values in and out of JDBC, and event rows as {@link EventQuery} selects them. */
final class JdbcRows {

    private JdbcRows() {}

    static StoredEvent readEvent(ResultSet rs) throws SQLException, JsonProcessingException {
        String kind = rs.getString(3);
        TrackSummary summary = null;
        long firstSeen = rs.getLong(15);
        if (!rs.wasNull()) {
            String zones = rs.getString(19);
            summary = new TrackSummary(firstSeen, rs.getLong(16), rs.getLong(17), getDouble(rs, 18),
                    zones == null ? List.of() : List.of(StoreJson.MAPPER.readValue(zones, String[].class)));
        }
        return new StoredEvent(rs.getString(1), rs.getLong(2), kind, rs.getString(4), rs.getInt(5), rs.getString(6),
                rs.getLong(7), getInt(rs, 8), rs.getString(9), getDouble(rs, 10), readBox(rs, 11), summary);
    }

    static Box readBox(ResultSet rs, int first) throws SQLException {
        Double x1 = getDouble(rs, first);
        if (x1 == null) {
            return null;
        }
        return new Box(x1, rs.getDouble(first + 1), rs.getDouble(first + 2), rs.getDouble(first + 3));
    }

    static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p instanceof String s) {
                ps.setString(i + 1, s);
            } else if (p instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (p instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                throw new IllegalArgumentException("Unexpected parameter " + p);
            }
        }
    }

    static void setBox(PreparedStatement ps, int first, Box box) throws SQLException {
        setDouble(ps, first, box == null ? null : box.x1());
        setDouble(ps, first + 1, box == null ? null : box.y1());
        setDouble(ps, first + 2, box == null ? null : box.x2());
        setDouble(ps, first + 3, box == null ? null : box.y2());
    }

    static void setInt(PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) {
            ps.setNull(i, java.sql.Types.INTEGER);
        } else {
            ps.setInt(i, v);
        }
    }

    static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, java.sql.Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null) {
            ps.setNull(i, java.sql.Types.DOUBLE);
        } else {
            ps.setDouble(i, v);
        }
    }

    static Integer getInt(ResultSet rs, int i) throws SQLException {
        int v = rs.getInt(i);
        return rs.wasNull() ? null : v;
    }

    static Long getLong(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

    static Double getDouble(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? null : v;
    }
}
