package dev.airlock.awsapi.mask;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.airlock.masking.MaskingEngine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Free text through the engine's detectors, counting what they find. {@code MaskingEngine.maskText}
 * does not report counts, so the text goes through {@code maskJson} as one JSON string, which does.
 */
final class DetectorPass {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final MaskingEngine engine;
    private final Map<String, Integer> counts;

    DetectorPass(MaskingEngine engine, Map<String, Integer> counts) {
        this.engine = engine;
        this.counts = counts;
    }

    String mask(String text) {
        if (text.isEmpty()) {
            return text;
        }
        try {
            ByteArrayOutputStream json = new ByteArrayOutputStream(text.length() + 16);
            try (JsonGenerator generator = JSON.createGenerator(json)) {
                generator.writeString(text);
            }
            ByteArrayOutputStream masked = new ByteArrayOutputStream(json.size());
            Map<String, Integer> found = engine.maskJson(new ByteArrayInputStream(json.toByteArray()), masked,
                    List.of());
            if (found.isEmpty()) {
                return text;
            }
            found.forEach((type, count) -> counts.merge(type, count, Integer::sum));
            try (JsonParser parser = JSON.createParser(masked.toByteArray())) {
                parser.nextToken();
                return parser.getText();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("masking text in memory failed", e);
        }
    }
}
