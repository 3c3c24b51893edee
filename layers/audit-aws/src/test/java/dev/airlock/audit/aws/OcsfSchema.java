package dev.airlock.audit.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks an event against what OCSF requires of its class, as written down in
 * {@code src/test/resources/ocsf/} (each fact there names its source): required attributes
 * present, every attribute one the class has, values of the declared type, enums within their
 * values, the required attributes of the objects and of the profiles the event declares, and
 * {@code type_uid} and {@code class_uid} consistent with the activity and category.
 */
final class OcsfSchema {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode schema;

    private OcsfSchema(JsonNode schema) {
        this.schema = schema;
    }

    static OcsfSchema apiActivity() {
        try (InputStream in = OcsfSchema.class.getResourceAsStream("/ocsf/api_activity-1.3.0.json")) {
            return new OcsfSchema(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every way {@code event} breaks the schema; empty when it is valid. */
    List<String> problems(JsonNode event) {
        List<String> problems = new ArrayList<>();
        if (!event.isObject()) {
            return List.of("the event is not a JSON object");
        }
        required(event, schema.get("required"), "", problems);
        for (Map.Entry<String, JsonNode> attribute : event.properties()) {
            JsonNode type = schema.get("attributes").get(attribute.getKey());
            if (type == null) {
                problems.add(attribute.getKey() + " is not an attribute of the class");
            } else {
                typed(attribute.getKey(), attribute.getValue(), type.asText(), problems);
            }
        }
        for (Map.Entry<String, JsonNode> values : schema.get("enums").properties()) {
            JsonNode value = event.get(values.getKey());
            if (value != null && value.isIntegralNumber() && !contains(values.getValue(), value.longValue())) {
                problems.add(values.getKey() + " " + value + " is none of " + values.getValue());
            }
        }
        if (event.path("class_uid").asLong() != schema.get("class_uid").asLong()) {
            problems.add("class_uid is " + event.path("class_uid") + ", not " + schema.get("class_uid"));
        }
        if (event.path("category_uid").asLong() != schema.get("category_uid").asLong()
                || event.path("class_uid").asLong() / 1000 != event.path("category_uid").asLong()) {
            problems.add("category_uid " + event.path("category_uid") + " does not hold class " + event.path("class_uid"));
        }
        long typeUid = event.path("class_uid").asLong() * 100 + event.path("activity_id").asLong();
        if (event.path("type_uid").asLong() != typeUid) {
            problems.add("type_uid is " + event.path("type_uid") + ", not class_uid * 100 + activity_id = " + typeUid);
        }
        if (!schema.get("version").asText().equals(event.path("metadata").path("version").asText())) {
            problems.add("metadata.version is " + event.path("metadata").path("version") + ", not "
                    + schema.get("version"));
        }
        for (JsonNode profile : event.path("metadata").path("profiles")) {
            JsonNode declared = schema.get("profiles").get(profile.asText());
            if (declared == null) {
                problems.add("profile " + profile + " is not one these checks know");
            } else {
                required(event, declared.get("required"), "", problems);
            }
        }
        return problems;
    }

    private void required(JsonNode node, JsonNode required, String path, List<String> problems) {
        for (Map.Entry<String, JsonNode> attribute : required.properties()) {
            JsonNode value = node.get(attribute.getKey());
            if (value == null || value.isNull()) {
                problems.add(path + attribute.getKey() + " is required");
            } else if (!path.isEmpty()) {
                // Top-level attributes are type-checked with the rest of the event.
                typed(path + attribute.getKey(), value, attribute.getValue().asText(), problems);
            }
        }
    }

    private void typed(String name, JsonNode value, String type, List<String> problems) {
        if (type.endsWith("[]")) {
            if (!value.isArray()) {
                problems.add(name + " is not an array");
                return;
            }
            for (int i = 0; i < value.size(); i++) {
                typed(name + "[" + i + "]", value.get(i), type.substring(0, type.length() - 2), problems);
            }
            return;
        }
        boolean ok = switch (type) {
            case "string_t" -> value.isTextual();
            case "integer_t" -> value.isIntegralNumber() && value.canConvertToInt();
            case "long_t", "timestamp_t" -> value.isIntegralNumber() && value.canConvertToLong();
            default -> value.isObject();
        };
        if (!ok) {
            problems.add(name + " is not a " + type + ": " + value);
            return;
        }
        JsonNode object = schema.get("objects").get(type);
        if (object != null) {
            required(value, object.get("required"), name + ".", problems);
        }
    }

    private static boolean contains(JsonNode values, long value) {
        for (JsonNode allowed : values) {
            if (allowed.asLong() == value) {
                return true;
            }
        }
        return false;
    }
}
