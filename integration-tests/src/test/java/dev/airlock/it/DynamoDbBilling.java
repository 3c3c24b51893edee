package dev.airlock.it;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * How DynamoDB sizes an item and bills capacity for it, after "Item sizes and formats" and
 * "Read/write capacity mode" in the DynamoDB developer guide: items are in DynamoDB's JSON form
 * ({@code {"name": {"S": "..."}}}), as the SDK sends them and moto's recorder keeps them.
 */
final class DynamoDbBilling {
    static final int WRITE_UNIT_BYTES = 1024;
    static final int READ_UNIT_BYTES = 4096;

    private DynamoDbBilling() {
    }

    /** Bytes DynamoDB counts for an item: every attribute's name plus its value. */
    static long itemSize(JsonNode item) {
        long size = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> attribute = it.next();
            size += utf8(attribute.getKey()) + valueSize(attribute.getValue());
        }
        return size;
    }

    /** Write request units of a standard write of an item this size; a transactional write costs twice this. */
    static long writeUnits(long itemBytes) {
        return Math.max(1, (itemBytes + WRITE_UNIT_BYTES - 1) / WRITE_UNIT_BYTES);
    }

    /** Read request units of reading this many bytes (an item, or a query's items together). */
    static double readUnits(long bytes, boolean consistent) {
        long units = Math.max(1, (bytes + READ_UNIT_BYTES - 1) / READ_UNIT_BYTES);
        return consistent ? units : units / 2.0;
    }

    private static long valueSize(JsonNode typed) {
        Map.Entry<String, JsonNode> only = typed.fields().next();
        JsonNode value = only.getValue();
        return switch (only.getKey()) {
            case "S" -> utf8(value.asText());
            case "N" -> numberSize(value.asText());
            case "B" -> Base64.getDecoder().decode(value.asText()).length;
            case "BOOL", "NULL" -> 1;
            case "SS" -> sum(value, e -> utf8(e.asText()));
            case "NS" -> sum(value, e -> numberSize(e.asText()));
            case "BS" -> sum(value, e -> Base64.getDecoder().decode(e.asText()).length);
            // Lists and maps: 3 bytes, then 1 byte per element besides the element itself.
            case "L" -> 3 + sum(value, e -> 1 + valueSize(e));
            case "M" -> 3 + value.size() + itemSize(value);
            default -> throw new IllegalArgumentException("not a DynamoDB type: " + only.getKey());
        };
    }

    /** About 1 byte per two significant digits, plus 1. */
    static long numberSize(String number) {
        String digits = new BigDecimal(number).stripTrailingZeros().unscaledValue().abs().toString();
        int significant = digits.equals("0") ? 1 : digits.length();
        return (significant + 1) / 2 + 1;
    }

    private static long sum(JsonNode array, java.util.function.ToLongFunction<JsonNode> size) {
        long total = 0;
        for (JsonNode element : array) {
            total += size.applyAsLong(element);
        }
        return total;
    }

    private static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
