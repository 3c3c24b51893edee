package dev.airlock.awsapi.mask;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.airlock.masking.MaskingEngine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer fuzzes the answer masker: whatever AWS (or something posing as it) sends, the masker
 * masks it or refuses it with {@link UnmaskableAnswerException}; nothing else escapes, and a
 * SecureString's value never comes out.
 */
class AwsAnswerMaskerFuzzTest {
    private static final AwsAnswerMasker MASKER = new AwsAnswerMasker(MaskingEngine.withDefaultDetectors());

    @FuzzTest(maxDuration = "30s")
    void maskXml_masksOrRefuses(FuzzedDataProvider data) {
        byte[] body = data.consumeRemainingAsBytes();
        try {
            MASKER.maskXml(body, List.of("a.b", "c[].d"));
        } catch (UnmaskableAnswerException refused) {
            // refusing is a correct answer
        }
    }

    @FuzzTest(maxDuration = "30s")
    void maskSsmParameters_neverShowsASecureString(FuzzedDataProvider data) {
        String secret = "s3cr3t-" + data.consumeInt(100_000, 999_999);
        String json = "{\"Parameter\":{\"Name\":" + quote(data.consumeString(20)) + ",\"Type\":\"SecureString\","
                + "\"Value\":\"" + secret + "\"},\"Extra\":" + quote(data.consumeRemainingAsString()) + "}";
        try {
            MaskedBody masked = MASKER.maskSsmParameters(json.getBytes(StandardCharsets.UTF_8));
            assertThat(new String(masked.body(), StandardCharsets.UTF_8)).doesNotContain(secret);
        } catch (UnmaskableAnswerException refused) {
            // refusing is a correct answer
        }
    }

    @FuzzTest(maxDuration = "30s")
    void maskObject_textNeverFails(FuzzedDataProvider data) throws IOException {
        String type = data.pickValue(new String[] {"text/plain", "text/csv; charset=utf-16", "application/json"});
        byte[] body = data.consumeRemainingAsBytes();
        try {
            MASKER.maskObject(new ByteArrayInputStream(body), new ByteArrayOutputStream(), type);
        } catch (UnmaskableAnswerException refused) {
            assertThat(type).isEqualTo("application/json");
        }
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
