package dev.airlock.jdbc;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/** Turns JDBC values into JSON-ready ones: String, Number, Boolean, List or null. */
final class JdbcValues {
    private JdbcValues() {
    }

    static Object read(ResultSet rs, int column, String typeName) throws SQLException {
        String type = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        if (type.equals("timestamptz")) {
            OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
            return value == null ? null : value.toString();
        }
        return convert(rs.getObject(column));
    }

    static Object convert(Object value) throws SQLException {
        return switch (value) {
            case null -> null;
            case String s -> s;
            case Boolean b -> b;
            case Short s -> s.intValue();
            case Integer i -> i;
            case Long l -> l;
            case BigDecimal d -> d;
            case Double d -> d.isNaN() || d.isInfinite() ? d.toString() : d;
            case Float f -> f.isNaN() || f.isInfinite() ? f.toString() : f.doubleValue();
            case java.sql.Date d -> d.toLocalDate().toString();
            case java.sql.Time t -> t.toLocalTime().toString();
            case java.sql.Timestamp t -> t.toLocalDateTime().toString();
            case byte[] bytes -> Base64.getEncoder().encodeToString(bytes);
            case Array array -> {
                List<Object> items = new ArrayList<>();
                for (Object item : (Object[]) array.getArray()) {
                    items.add(convert(item));
                }
                yield items;
            }
            default -> value.toString();
        };
    }

    /** About how many bytes a value takes in the JSON answer, for the response byte cap. */
    static long jsonBytes(Object value) {
        return switch (value) {
            case null -> 4;
            case String s -> 2 + utf8Length(s);
            case List<?> list -> {
                long sum = 2;
                for (Object item : list) {
                    sum += 1 + jsonBytes(item);
                }
                yield sum;
            }
            default -> value.toString().length();
        };
    }

    private static long utf8Length(String s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }
}
