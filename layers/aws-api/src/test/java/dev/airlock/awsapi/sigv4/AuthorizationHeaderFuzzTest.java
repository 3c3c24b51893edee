package dev.airlock.awsapi.sigv4;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.airlock.awsapi.wire.WireRequest;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer fuzzes the Authorization header parser and the verifier: whatever the input, they answer
 * (no exception escapes), and what the parser accepts reads back to itself. The normal build replays
 * the inputs in {@code AuthorizationHeaderFuzzTestInputs/}; to fuzz, run
 * {@code JAZZER_FUZZ=1 ./mvnw -pl layers/aws-api -am test -Dtest=AuthorizationHeaderFuzzTest -Dsurefire.failIfNoSpecifiedTests=false}
 * and add any crash it finds to that folder.
 */
class AuthorizationHeaderFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void parse_neverThrowsAndReadsBackToItself(FuzzedDataProvider data) {
        String value = data.consumeRemainingAsString();

        AuthorizationHeader.Parsed parsed = AuthorizationHeader.parse(value);

        assertThat(parsed).isNotNull();
        if (parsed instanceof AuthorizationHeader.Ok ok) {
            AuthorizationHeader header = ok.header();
            SigV4Scope scope = header.scope();
            String again = AuthorizationHeader.ALGORITHM + " Credential=" + scope.accessKeyId() + "/"
                    + scope.credentialScope() + ", SignedHeaders=" + header.signedHeadersValue() + ", Signature="
                    + header.signature();
            assertThat(AuthorizationHeader.parse(again)).isEqualTo(ok);
        } else {
            assertThat(((AuthorizationHeader.Malformed) parsed).reason()).isNotBlank();
        }
    }

    @FuzzTest(maxDuration = "60s")
    void verify_neverThrows(FuzzedDataProvider data) {
        WireRequest request = new WireRequest(data.consumeString(8), data.consumeString(64), data.consumeString(64),
                Map.of("authorization", List.of(data.consumeString(300)),
                        "x-amz-date", List.of(data.consumeString(20)),
                        "x-amz-security-token", List.of(data.consumeString(40)),
                        "x-amz-content-sha256", List.of(data.consumeString(70)),
                        "host", List.of(data.consumeString(20))),
                data.consumeRemainingAsBytes());

        assertThat(SigV4Verifier.verify(request, "/aws", SdkSigned.NOW)).isNotNull();
    }

    @FuzzTest(maxDuration = "60s")
    void chunkedBody_neverThrowsAndKeepsItsPayload(FuzzedDataProvider data) {
        boolean signed = data.consumeBoolean();
        byte[] body = data.consumeRemainingAsBytes();

        AwsChunkedBody.parse(body, signed).ifPresent(parsed -> assertThat(parsed.payload().length)
                .isLessThanOrEqualTo(body.length));
    }
}
