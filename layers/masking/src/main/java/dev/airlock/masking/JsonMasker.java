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
    private final Map<String, Optional<String>> sensitiveNames = new HashMap<>();
    private String[] steps = new String[32];
    private String[] names = new String[32];
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
                        names[depth - 1] = name;
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
        if (depth == steps.length) {
            steps = Arrays.copyOf(steps, depth * 2);
            names = Arrays.copyOf(names, depth * 2);
        }
        steps[depth] = step;
        // Inside an array, values are named by the field that holds the array.
        names[depth] = step == null || depth == 0 ? null : names[depth - 1];
        depth++;
    }

    /** A rule for the value here: a policy's path rule, else the field's sensitive name. */
    private Optional<Rule> rule() {
        if (!paths.isEmpty()) {
            Optional<JsonMaskRule> byPath = paths.ruleAt(steps, depth);
            if (byPath.isPresent()) {
                return Optional.of(new Rule(byPath.get().strategy(), byPath.get().type()));
            }
        }
        String name = depth == 0 ? null : names[depth - 1];
        if (name == null) {
            return Optional.empty();
        }
        return sensitiveNames.computeIfAbsent(name, SensitiveNames::typeOf)
                .map(type -> new Rule(MaskStrategy.REDACT, type));
    }

    private record Rule(MaskStrategy strategy, String type) {
    }

    private void string(JsonParser parser, JsonGenerator generator) throws IOException {
        Optional<Rule> rule = rule();
        if (rule.isPresent()) {
            write(generator, values.byRule(rule.get().strategy(), rule.get().type(), parser.getText()));
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
        Optional<Rule> rule = rule();
        if (rule.isPresent()) {
            write(generator, values.byRule(rule.get().strategy(), rule.get().type(), parser.getText()));
            return;
        }
        if (parser.getTextLength() >= SHORTEST_CARD) {
            String text = parser.getText();
            String masked = values.byDetectors(text);
            if (!masked.equals(text)) {
                generator.writeString(masked);
                return;
            }
        }
        generator.copyCurrentEvent(parser);
    }

    private static void write(JsonGenerator generator, String masked) throws IOException {
        if (masked == null) {
            generator.writeNull();
        } else {
            generator.writeString(masked);
        }
    }
}
