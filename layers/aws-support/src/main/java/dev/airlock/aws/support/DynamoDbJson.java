package dev.airlock.aws.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Items in DynamoDB's own JSON shape ({@code {"S": "..."}}, {@code {"N": "12"}}, ...), so an
 * item written to a file reads back exactly, types included. Binary attributes are not used by
 * the audit trail and are refused.
 */
public final class DynamoDbJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DynamoDbJson() {
    }

    public static ObjectNode toJson(Map<String, AttributeValue> item) {
        ObjectNode node = NODES.objectNode();
        item.forEach((name, value) -> node.set(name, toJson(value)));
        return node;
    }

    public static Map<String, AttributeValue> fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("an item is a JSON object of attribute name to typed value");
        }
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        node.properties().forEach(e -> item.put(e.getKey(), valueFromJson(e.getValue())));
        return item;
    }

    private static ObjectNode toJson(AttributeValue value) {
        ObjectNode node = NODES.objectNode();
        switch (value.type()) {
            case S -> node.put("S", value.s());
            case N -> node.put("N", value.n());
            case BOOL -> node.put("BOOL", value.bool());
            case NUL -> node.put("NULL", true);
            case SS -> value.ss().forEach(node.putArray("SS")::add);
            case NS -> value.ns().forEach(node.putArray("NS")::add);
            case L -> {
                ArrayNode list = node.putArray("L");
                value.l().forEach(v -> list.add(toJson(v)));
            }
            case M -> node.set("M", toJson(value.m()));
            default -> throw new IllegalArgumentException("attribute type " + value.type() + " is not used in audit items");
        }
        return node;
    }

    private static AttributeValue valueFromJson(JsonNode node) {
        if (node == null || !node.isObject() || node.size() != 1) {
            throw new IllegalArgumentException("an attribute is a JSON object with exactly one type key");
        }
        Map.Entry<String, JsonNode> typed = node.properties().iterator().next();
        JsonNode v = typed.getValue();
        return switch (typed.getKey()) {
            case "S" -> AttributeValue.fromS(text(v));
            case "N" -> AttributeValue.fromN(text(v));
            case "BOOL" -> AttributeValue.fromBool(v.asBoolean());
            case "NULL" -> AttributeValue.fromNul(true);
            case "SS" -> AttributeValue.fromSs(strings(v));
            case "NS" -> AttributeValue.fromNs(strings(v));
            case "L" -> {
                List<AttributeValue> list = new ArrayList<>();
                v.forEach(element -> list.add(valueFromJson(element)));
                yield AttributeValue.fromL(list);
            }
            case "M" -> AttributeValue.fromM(fromJson(v));
            default -> throw new IllegalArgumentException("unknown attribute type " + typed.getKey());
        };
    }

    private static String text(JsonNode node) {
        if (!node.isTextual()) {
            throw new IllegalArgumentException("expected a string, found " + node.getNodeType());
        }
        return node.textValue();
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.forEach(element -> out.add(text(element)));
        return out;
    }
}
