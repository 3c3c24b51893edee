package dev.airlock.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How far an export got: for each hash chain, the position of the last record it exported.
 * Chains only grow at their end, one position at a time, and a position becomes visible in the
 * same transaction as its record ({@link dev.airlock.audit.aws.DynamoDbAuditLog}), so everything after these
 * positions is exactly what is new. Serialised as a JSON object, chain to position:
 * {@code {"c0":12,"c7":3}}; a chain that is absent is at position 0.
 */
public record ExportCursor(SortedMap<String, Long> positions) {
    /** Before the first export: nothing exported yet. */
    public static final ExportCursor START = new ExportCursor(new TreeMap<>());

    private static final ObjectMapper JSON = new ObjectMapper();

    public ExportCursor {
        TreeMap<String, Long> copy = new TreeMap<>();
        positions.forEach((chain, seq) -> {
            if (seq == null || seq < 0) {
                throw new IllegalArgumentException("chain " + chain + " has no valid position: " + seq);
            }
            if (seq > 0) {
                copy.put(chain, seq);
            }
        });
        positions = Collections.unmodifiableSortedMap(copy);
    }

    /** The last position exported in {@code chain}; 0 when none was. */
    public long position(String chain) {
        return positions.getOrDefault(chain, 0L);
    }

    /** This cursor with {@code chain} moved to {@code seq}. */
    public ExportCursor advance(String chain, long seq) {
        if (seq < position(chain)) {
            throw new IllegalArgumentException("chain " + chain + " cannot move back from #" + position(chain)
                    + " to #" + seq);
        }
        TreeMap<String, Long> next = new TreeMap<>(positions);
        next.put(chain, seq);
        return new ExportCursor(next);
    }

    public ObjectNode toJsonNode() {
        ObjectNode node = JSON.createObjectNode();
        positions.forEach(node::put);
        return node;
    }

    public String toJson() {
        return toJsonNode().toString();
    }

    public static ExportCursor fromJsonNode(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("an export cursor is a JSON object of chain to position");
        }
        TreeMap<String, Long> positions = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!entry.getValue().canConvertToExactIntegral() || !entry.getValue().canConvertToLong()) {
                throw new IllegalArgumentException("chain " + entry.getKey() + " has no valid position: "
                        + entry.getValue());
            }
            positions.put(entry.getKey(), entry.getValue().longValue());
        }
        return new ExportCursor(positions);
    }

    public static ExportCursor fromJson(String json) {
        try {
            return fromJsonNode(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("an export cursor is a JSON object of chain to position", e);
        }
    }
}
