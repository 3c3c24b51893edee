package dev.airlock.awsapi.engine;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.awsapi.AwsCall;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Airlock's JSON form of an AWS call, {@code {"target","service","operation","input"}}: the body of
 * {@code POST /v1/aws}, and the form a decoded wire request enters the pipeline in. Read strictly:
 * duplicate keys, unknown fields and deep nesting are refused, so no two readers can disagree.
 */
public final class AwsCallJson {
    static final int MAX_DEPTH = 32;
    private static final Set<String> FIELDS = Set.of("target", "service", "operation", "input");
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build());
    }

    private AwsCallJson() {
    }

    /** @throws IllegalArgumentException with one sentence an agent can act on; it never quotes the body */
    public static AwsCall parse(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The body is not valid JSON (or repeats a key, or nests deeper than "
                    + MAX_DEPTH + "): send {\"target\",\"service\",\"operation\",\"input\"}.");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("The body must be a JSON object: {\"target\",\"service\",\"operation\","
                    + "\"input\"}.");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("Unknown field '" + safeName(name) + "': the body has only target, "
                        + "service, operation and input.");
            }
        }
        String target = text(root, "target", "name a configured AWS target, for example \"aws-sandbox\"");
        String service = text(root, "service", "name the service as the AWS CLI does, for example \"s3\"");
        String operation = text(root, "operation", "name the API operation, for example \"ListObjectsV2\"");
        JsonNode input = root.get("input");
        if (input != null && !input.isNull() && !input.isObject()) {
            throw new IllegalArgumentException("Field 'input' must be an object shaped as for aws ... --cli-input-json.");
        }
        ObjectNode in = input == null || input.isNull() ? JSON.createObjectNode() : (ObjectNode) input;
        return new AwsCall(target, service, operation, in);
    }

    public static String write(AwsCall call) {
        ObjectNode root = JSON.createObjectNode();
        root.put("target", call.target());
        root.put("service", call.service());
        root.put("operation", call.operation());
        root.set("input", call.input());
        return root.toString();
    }

    /** The input with every object's keys sorted: one encoding per input, whatever order it came in. */
    static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> fields = new TreeMap<>();
            node.fields().forEachRemaining(e -> fields.put(e.getKey(), sorted(e.getValue())));
            ObjectNode out = JSON.createObjectNode();
            fields.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            var out = JSON.createArrayNode();
            node.forEach(element -> out.add(sorted(element)));
            return out;
        }
        return node;
    }

    private static String text(JsonNode root, String field, String hint) {
        JsonNode value = root.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("Field '" + field + "' is required as a string: " + hint + ".");
        }
        return value.asText();
    }

    private static String safeName(String name) {
        return name.length() > 40 || !name.matches("[A-Za-z0-9_-]*") ? "…" : name;
    }
}
