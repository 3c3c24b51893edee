package dev.airlock.aws.support;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small helpers to build and read DynamoDB items without ceremony. */
public final class Items {
    private Items() {
    }

    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    public static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    public static AttributeValue strings(List<String> values) {
        return AttributeValue.fromL(values.stream().map(AttributeValue::fromS).toList());
    }

    public static AttributeValue counts(Map<String, Integer> counts) {
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        counts.forEach((k, v) -> map.put(k, n(v)));
        return AttributeValue.fromM(map);
    }

    /** A JSON scalar as a typed attribute, so a parameter keeps its type when read back. */
    public static AttributeValue scalar(Object value) {
        return switch (value) {
            case null -> AttributeValue.fromNul(true);
            case String s -> AttributeValue.fromS(s);
            case Boolean b -> AttributeValue.fromBool(b);
            case Number n -> AttributeValue.fromN(n.toString());
            default -> throw new IllegalArgumentException("unsupported parameter type " + value.getClass());
        };
    }

    public static Object scalarValue(AttributeValue value) {
        if (Boolean.TRUE.equals(value.nul())) {
            return null;
        }
        if (value.s() != null) {
            return value.s();
        }
        if (value.bool() != null) {
            return value.bool();
        }
        if (value.n() != null) {
            BigDecimal number = new BigDecimal(value.n());
            try {
                return number.longValueExact();
            } catch (ArithmeticException notAnInteger) {
                return number;
            }
        }
        throw new IllegalArgumentException("not a scalar attribute: " + value);
    }

    public static void putIfPresent(Map<String, AttributeValue> item, String name, Optional<?> value) {
        value.ifPresent(v -> item.put(name, v instanceof Number number ? n(number.longValue()) : s(v.toString())));
    }

    public static List<String> stringList(AttributeValue value) {
        List<String> out = new ArrayList<>();
        if (value != null && value.hasL()) {
            value.l().forEach(v -> out.add(v.s()));
        }
        return out;
    }
}
