package dev.airlock.audit.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.core.audit.AuditRecord;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.util.TreeMap;

/**
 * An audit record as plain JSON with natural types: strings, numbers, booleans, null, arrays
 * for lists and objects for maps, under the trail's attribute names ({@link AuditItems}).
 * Attributes are sorted by name, so the same record always prints the same line.
 */
final class AuditRecordJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private AuditRecordJson() {
    }

    static ObjectNode flat(AuditRecord record) {
        ObjectNode node = NODES.objectNode();
        new TreeMap<>(AuditItems.toItem(record)).forEach((name, value) -> node.set(name, value(value)));
        return node;
    }

    private static JsonNode value(AttributeValue value) {
        if (value.s() != null) {
            return NODES.textNode(value.s());
        }
        if (value.n() != null) {
            BigDecimal number = new BigDecimal(value.n());
            try {
                return NODES.numberNode(number.longValueExact());
            } catch (ArithmeticException notALong) {
                return NODES.numberNode(number);
            }
        }
        if (value.bool() != null) {
            return NODES.booleanNode(value.bool());
        }
        if (Boolean.TRUE.equals(value.nul())) {
            return NODES.nullNode();
        }
        if (value.hasL()) {
            ArrayNode array = NODES.arrayNode();
            value.l().forEach(item -> array.add(value(item)));
            return array;
        }
        if (value.hasM()) {
            ObjectNode object = NODES.objectNode();
            new TreeMap<>(value.m()).forEach((name, item) -> object.set(name, value(item)));
            return object;
        }
        throw new IllegalArgumentException("audit records hold no " + value.type() + " values");
    }
}
