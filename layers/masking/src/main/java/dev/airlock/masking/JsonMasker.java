package dev.airlock.masking;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.airlock.core.model.JsonMaskRule;
import dev.airlock.core.model.MaskStrategy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Masks a JSON document token by token from a parser to a generator: nothing but the path to
 * the current value is kept, so memory does not grow with the document. String values that
 * need nothing are copied from the parser's buffer without becoming strings.
 */
final class JsonMasker {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    /** Numbers shorter than the shortest card number are left alone. */
    private static final int SHORTEST_CARD = 13;

    private final JsonPaths paths;
    private final ValueMasker values;
    /**
     * Field name to what its name says: a sensitive type, {@link #NOT_SENSITIVE}, or
     * {@link #AS_PARENT} for DynamoDB's type keys. Names repeat, so each is judged once.
     */
    private final Map<String, String> fieldTypes = new HashMap<>();
    private static final String NOT_SENSITIVE = "";
    private static final String AS_PARENT = new String("as parent");
    /** DynamoDB's attribute value types: {@code {"password": {"S": "..."}}} is still a password. */
    private static final Set<String> DYNAMODB_TYPES = Set.of("S", "N", "B", "SS", "NS", "BS", "M", "L", "BOOL",
            "NULL");
    private String[] steps = new String[32];
    /** Per level, the sensitive type its field's name gives (null or empty when none). */
    private String[] nameTypes = new String[32];
    /** The path rule that covers a whole container (and so every value in it), per level. */
    private JsonMaskRule[] containerRules = new JsonMaskRule[32];
    private int depth;

    JsonMasker(JsonPaths paths, ValueMasker values) {
        this.paths = paths;
        this.values = values;
    }

    void mask(InputStream in, OutputStream out) throws IOException {
        try (JsonParser parser = JSON.createParser(in);
             JsonGenerator generator = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                switch (token) {
                    case START_OBJECT -> {
                        enter(null);
                        generator.writeStartObject();
                    }
                    case START_ARRAY -> {
                        enter(JsonPaths.ARRAY);
                        generator.writeStartArray();
                    }
                    case END_OBJECT -> {
                        depth--;
                        generator.writeEndObject();
                    }
                    case END_ARRAY -> {
                        depth--;
                        generator.writeEndArray();
                    }
                    case FIELD_NAME -> {
                        String name = parser.currentName();
                        steps[depth - 1] = name;
                        nameTypes[depth - 1] = nameType(name);
                        generator.writeFieldName(name);
                    }
                    case VALUE_STRING -> string(parser, generator);
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(parser, generator);
                    default -> generator.copyCurrentEvent(parser);
                }
            }
        }
    }

    private void enter(String step) {
        // A rule naming this container ($.tags) masks everything in it.
        JsonMaskRule covering = depth == 0 ? null : containerRules[depth - 1];
        if (covering == null && depth > 0 && !paths.isEmpty()) {
            covering = paths.ruleAt(steps, depth).orElse(null);
        }
        if (depth == steps.length) {
            steps = Arrays.copyOf(steps, depth * 2);
            nameTypes = Arrays.copyOf(nameTypes, depth * 2);
            containerRules = Arrays.copyOf(containerRules, depth * 2);
        }
        containerRules[depth] = covering;
        steps[depth] = step;
        // Inside an array, values are named by the field that holds the array.
        nameTypes[depth] = step == null || depth == 0 ? null : nameTypes[depth - 1];
        depth++;
    }

    /** A rule for the value here: a policy's path rule, else the field's sensitive name. */
    private Optional<Rule> rule() {
        if (!paths.isEmpty()) {
            JsonMaskRule covering = depth == 0 ? null : containerRules[depth - 1];
            if (covering != null) {
                return Optional.of(new Rule(covering.strategy(), covering.type()));
            }
            Optional<JsonMaskRule> byPath = paths.ruleAt(steps, depth);
            if (byPath.isPresent()) {
                return Optional.of(new Rule(byPath.get().strategy(), byPath.get().type()));
            }
        }
        String type = depth == 0 ? null : nameTypes[depth - 1];
        return type == null || type.isEmpty() ? Optional.empty() : Optional.of(new Rule(MaskStrategy.REDACT, type));
    }

    private String nameType(String name) {
        String type = fieldTypes.get(name);
        if (type == null) {
            type = DYNAMODB_TYPES.contains(name) ? AS_PARENT : SensitiveNames.typeOf(name).orElse(NOT_SENSITIVE);
            fieldTypes.put(name, type);
        }
        // {"password": {"S": "..."}}: the value under a type key is named by the field above.
        return type == AS_PARENT ? (depth >= 2 ? nameTypes[depth - 2] : NOT_SENSITIVE) : type;
    }

    private record Rule(MaskStrategy strategy, String type) {
    }

    /** Writes the value here as a rule says, if one covers it; false when none does. */
    private boolean maskedByRule(JsonParser parser, JsonGenerator generator) throws IOException {
        Optional<Rule> rule = rule();
        if (rule.isEmpty()) {
            return false;
        }
        write(generator, values.byRule(rule.get().strategy(), rule.get().type(), parser.getText()));
        return true;
    }

    private void string(JsonParser parser, JsonGenerator generator) throws IOException {
        if (maskedByRule(parser, generator)) {
            return;
        }
        char[] chars = parser.getTextCharacters();
        int offset = parser.getTextOffset();
        int length = parser.getTextLength();
        String masked = values.byDetectors(chars, offset, offset + length);
        if (masked == null) {
            generator.writeString(chars, offset, length);
        } else {
            generator.writeString(masked);
        }
    }

    /** A number is masked when a rule covers it, or when it is long enough to be a card number. */
    private void number(JsonParser parser, JsonGenerator generator) throws IOException {
        if (maskedByRule(parser, generator)) {
            return;
        }
        char[] chars = parser.getTextCharacters();
        int offset = parser.getTextOffset();
        int length = parser.getTextLength();
        if (length >= SHORTEST_CARD) {
            String masked = values.wholeByDetectors(chars, offset, offset + length);
            if (masked != null) {
                generator.writeString(masked);
                return;
            }
        }
        // The number as written: exact, and no round trip through double.
        generator.writeNumber(chars, offset, length);
    }

    private static void write(JsonGenerator generator, String masked) throws IOException {
        if (masked == null) {
            generator.writeNull();
        } else {
            generator.writeString(masked);
        }
    }
}
