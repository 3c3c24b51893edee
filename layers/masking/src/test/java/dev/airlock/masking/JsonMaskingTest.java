package dev.airlock.masking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.core.model.JsonMaskRule;
import dev.airlock.core.model.MaskStrategy;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The same engine on JSON documents, as AWS API responses come back. */
class JsonMaskingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MaskingEngine engine = MaskingEngine.withDefaultDetectors();

    private record Masked(JsonNode json, Map<String, Integer> counts) {
    }

    private Masked mask(String json, JsonMaskRule... rules) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, Integer> counts = engine.maskJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                out, List.of(rules));
        return new Masked(JSON.readTree(out.toByteArray()), counts);
    }

    @Test
    void maskJson_whenPathRuleMatches_usesItsStrategy() throws IOException {
        Masked masked = mask("""
                {"Items": [{"email": {"S": "ann@example.com"}, "city": {"S": "Oslo"}},
                           {"email": {"S": "bo@example.org"}, "city": {"S": "Bergen"}}], "Count": 2}""",
                new JsonMaskRule("$.Items[*].email.S", "email", MaskStrategy.PARTIAL));

        assertThat(masked.json().at("/Items/0/email/S").asText()).isEqualTo("***@example.com");
        assertThat(masked.json().at("/Items/1/email/S").asText()).isEqualTo("***@example.org");
        assertThat(masked.json().at("/Items/1/city/S").asText()).isEqualTo("Bergen");
        assertThat(masked.json().get("Count").asInt()).isEqualTo(2);
        assertThat(masked.counts()).containsEntry("email", 2);
    }

    @Test
    void maskJson_whenDynamoDbItemHasASensitiveAttribute_masksItByName() throws IOException {
        Masked masked = mask("""
                {"Item": {"password": {"S": "hunter2"}, "tokens": {"L": [{"S": "t1"}]}, "city": {"S": "Oslo"}}}""");

        assertThat(masked.json().at("/Item/password/S").asText()).isEqualTo("[SECRET]");
        assertThat(masked.json().at("/Item/tokens/L/0/S").asText()).isEqualTo("[SECRET]");
        assertThat(masked.json().at("/Item/city/S").asText()).isEqualTo("Oslo");
    }

    @Test
    void maskJson_whenRuleNamesAContainer_masksEverythingInIt() throws IOException {
        Masked masked = mask("{\"tags\": [\"vip\", {\"note\": \"call back\"}], \"id\": 7}",
                new JsonMaskRule("$.tags", "tag", MaskStrategy.REDACT));

        assertThat(masked.json().toString()).isEqualTo("{\"tags\":[\"[TAG]\",{\"note\":\"[TAG]\"}],\"id\":7}");
        assertThat(masked.counts()).containsEntry("tag", 2);
    }

    @Test
    void maskJson_whenNumberHoldsACard_replacesTheWholeNumber() throws IOException {
        Masked masked = mask("{\"pan\": 4111111111111111.0, \"total\": 12.50, \"big\": 12345678901234567890}");

        assertThat(masked.json().get("pan").asText()).isEqualTo("[CARD]");
        assertThat(masked.json().get("total").decimalValue()).isEqualByComparingTo("12.50");
        assertThat(masked.json().get("big").bigIntegerValue()).hasToString("12345678901234567890");
    }

    @Test
    void maskJson_whenRuleMatchesAnywhere_masksAtAnyDepth() throws IOException {
        Masked masked = mask("{\"a\": {\"b\": [{\"phone\": \"x1\"}, {\"c\": {\"phone\": \"x2\"}}]}, \"phone\": \"x3\"}",
                new JsonMaskRule("$..phone", "phone", MaskStrategy.NULL));

        assertThat(masked.json().toString()).isEqualTo("{\"a\":{\"b\":[{\"phone\":null},{\"c\":{\"phone\":null}}]},\"phone\":null}");
        assertThat(masked.counts()).containsEntry("phone", 3);
    }

    @Test
    void maskJson_whenFieldNameIsSensitive_redactsValuesAndArrayElements() throws IOException {
        Masked masked = mask("{\"user\": \"ann\", \"clientSecret\": \"abc\", \"tokens\": [\"t1\", \"t2\"], \"pin\": 1234}");

        assertThat(masked.json().toString())
                .isEqualTo("{\"user\":\"ann\",\"clientSecret\":\"[SECRET]\",\"tokens\":[\"[SECRET]\",\"[SECRET]\"],\"pin\":\"[SECRET]\"}");
        assertThat(masked.counts()).containsEntry("secret", 4);
    }

    @Test
    void maskJson_whenNoRuleApplies_detectorsScanEveryString() throws IOException {
        Masked masked = mask("{\"note\": \"call +44 20 7946 0958 or mail bo@example.org\", \"n\": 4111111111111111, "
                + "\"ok\": true, \"v\": null, \"f\": 1.5, \"when\": \"2026-11-24T10:15:30Z\"}");

        assertThat(masked.json().toString()).isEqualTo("{\"note\":\"call [PHONE] or mail [EMAIL]\",\"n\":\"[CARD]\","
                + "\"ok\":true,\"v\":null,\"f\":1.5,\"when\":\"2026-11-24T10:15:30Z\"}");
    }

    @Test
    void maskJson_whenInputIsNotJson_fails() {
        assertThatThrownBy(() -> mask("{\"a\": ")).isInstanceOf(IOException.class);
    }
}
