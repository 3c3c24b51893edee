package dev.airlock.sql.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.airlock.core.model.SqlRequest;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Decodes the body of {@code POST /v1/sql}: a JSON object with {@code target}, {@code sql} and
 * optional {@code params}. Anything else becomes a reason the agent can act on; the pipeline
 * reads the body only after the agent has authenticated.
 */
final class SqlRequestDecoder {
    // Decimals stay exact (2.50 is not 2.5): the statement must run with what the agent sent.
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private static final Set<String> FIELDS = Set.of("target", "sql", "params");
    private static final String SHAPE = " Send {\"target\": \"demo\", \"sql\": \"select ...\", \"params\": [...]}.";

    private SqlRequestDecoder() {
    }

    /**
     * @throws IllegalArgumentException with a reason the agent can act on, when the body is not one request
     */
    static SqlRequest parse(String body) {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("The request body is empty." + SHAPE);
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            long column = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
            throw new IllegalArgumentException("The request body is not valid JSON (line " + line + ", column "
                    + column + ")." + SHAPE);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("The request body must be a JSON object." + SHAPE);
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("Unknown field '" + name + "'; the fields are target, sql and "
                        + "params.");
            }
        }
        String target = text(root, "target");
        String sql = text(root, "sql");
        return new SqlRequest(target, sql, params(root.get("params")));
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException("Field '" + field + "' is required." + SHAPE);
        }
        if (!node.isTextual()) {
            throw new IllegalArgumentException("Field '" + field + "' must be a string.");
        }
        return node.textValue();
    }

    private static List<Object> params(JsonNode node) {
        List<Object> params = new ArrayList<>();
        if (node == null || node.isNull()) {
            return params;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("Field 'params' must be an array of strings, numbers, booleans "
                    + "or nulls.");
        }
        int index = 0;
        for (JsonNode param : node) {
            if (param.isNull()) {
                params.add(null);
            } else if (param.isTextual()) {
                params.add(param.textValue());
            } else if (param.isBoolean()) {
                params.add(param.booleanValue());
            } else if (param.isIntegralNumber()) {
                params.add(param.canConvertToLong() ? (Object) param.longValue() : param.bigIntegerValue());
            } else if (param.isNumber()) {
                params.add(param.decimalValue());
            } else {
                throw new IllegalArgumentException("params[" + index + "] is an " + param.getNodeType()
                        .name().toLowerCase(java.util.Locale.ROOT) + "; parameters must be strings, numbers, "
                        + "booleans or nulls.");
            }
            index++;
        }
        return params;
    }
}
