package dev.airlock.awsapi.sigv4;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.awsapi.sigv4.SigV4Result.Refused;
import dev.airlock.awsapi.sigv4.SigV4Result.Verified;
import dev.airlock.awsapi.wire.WireRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests the real AWS CLI and boto3 sent to a recording server standing where the gateway's /aws
 * endpoint is (see {@code captured-requests.json}): each verifies at the time it was signed, and
 * no longer verifies once its query, or its body unless UNSIGNED-PAYLOAD, is changed.
 */
class CapturedRequestsTest {

    record Captured(String name, Instant now, String token, WireRequest request) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Captured> captured() throws IOException {
        JsonNode file;
        try (InputStream in = CapturedRequestsTest.class.getResourceAsStream("captured-requests.json")) {
            file = new ObjectMapper().readTree(in);
        }
        String token = file.path("token").asText();
        List<Captured> all = new ArrayList<>();
        for (JsonNode row : file.path("requests")) {
            String target = row.path("target").asText();
            assertThat(target).startsWith("/aws");
            int question = target.indexOf('?');
            String path = question < 0 ? target : target.substring(0, question);
            String query = question < 0 ? "" : target.substring(question + 1);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            row.path("headers").forEach(h -> headers.computeIfAbsent(h.get(0).asText(), n -> new ArrayList<>())
                    .add(h.get(1).asText()));
            all.add(new Captured(row.path("name").asText(), Instant.parse(row.path("now").asText()),
                    row.path("token").asText(token),
                    new WireRequest(row.path("method").asText(), path.substring("/aws".length()), query, headers,
                            Base64.getDecoder().decode(row.path("bodyBase64").asText()))));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captured")
    void capturedRequest_verifies(Captured captured) {
        SigV4Result result = SigV4Verifier.verify(captured.request(), "/aws", captured.now());

        assertThat(result).as(result.toString()).isInstanceOfSatisfying(Verified.class, verified -> {
            assertThat(verified.scope().accessKeyId()).isEqualTo("aws-sandbox");
            assertThat(verified.scope().region()).isEqualTo("us-east-1");
            assertThat(verified.sessionToken()).isEqualTo(captured.token());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captured")
    void capturedRequest_whenQueryOrBodyChanged_isRefused(Captured captured) {
        WireRequest request = captured.request();
        WireRequest extraQuery = new WireRequest(request.method(), request.rawPath(),
                request.rawQuery().isEmpty() ? "x=1" : request.rawQuery() + "&x=1", request.headers(), request.body());
        WireRequest extraBody = new WireRequest(request.method(), request.rawPath(), request.rawQuery(),
                request.headers(), (new String(request.body()) + " ").getBytes());

        assertThat(SigV4Verifier.verify(extraQuery, "/aws", captured.now())).isInstanceOf(Refused.class);
        if (!request.header("x-amz-content-sha256").orElse("").equals("UNSIGNED-PAYLOAD")) {
            assertThat(SigV4Verifier.verify(extraBody, "/aws", captured.now())).isInstanceOf(Refused.class);
        }
        assertThat(SigV4Verifier.verify(request, "/aws", captured.now().plusSeconds(16 * 60)))
                .isInstanceOf(Refused.class);
    }
}
