package dev.airlock.awsapi.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.awsapi.catalog.TestCatalog;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AWS CLI, boto3 and SDK for Java v2 requests the SigV4 tests verify (with session tokens,
 * SDK v2's headers) decode through the JSON and query codecs and round-trip.
 */
class SdkRequestsDecodeTest {
    private static final Pattern SCOPE = Pattern.compile("Credential=[^/]+/\\d{8}/[a-z0-9-]+/([a-z0-9-]+)/aws4_request");
    private final WireDecoder decoder = WireDecoder.standard(TestCatalog.get(), null);

    static Stream<JsonNode> requests() throws Exception {
        try (InputStream in = SdkRequestsDecodeTest.class.getResourceAsStream(
                "/dev/airlock/awsapi/sigv4/captured-requests.json")) {
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode r : new ObjectMapper().readTree(in).get("requests")) {
                String service = signingName(r);
                if (!service.equals("s3") && !service.equals("lambda")) {
                    out.add(r);
                }
            }
            return out.stream();
        }
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("requests")
    void decode_sdkRequest_isReadAndRoundTrips(JsonNode captured) {
        String target = captured.get("target").asText();
        String path = target.startsWith("/aws") ? target.substring(4) : target;
        int q = path.indexOf('?');
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (JsonNode h : captured.get("headers")) {
            headers.computeIfAbsent(h.get(0).asText(), k -> new ArrayList<>()).add(h.get(1).asText());
        }
        WireRequest request = new WireRequest(captured.get("method").asText(), q < 0 ? path : path.substring(0, q),
                q < 0 ? "" : path.substring(q + 1), headers, Base64.getDecoder().decode(captured.get("bodyBase64")
                .asText()));
        String signingName = signingName(captured);

        WireDecoding decoding = decoder.decode(request, signingName, "aws-sandbox");

        assertThat(decoding).as(captured.get("name").asText()).isInstanceOf(WireDecoding.Decoded.class);
        WireDecoding.Decoded decoded = (WireDecoding.Decoded) decoding;
        assertThat(decoder.decode(Captured.asSent(decoder.encode(decoded.call())), signingName, "aws-sandbox"))
                .isEqualTo(decoded);
    }

    private static String signingName(JsonNode captured) {
        for (JsonNode h : captured.get("headers")) {
            if (h.get(0).asText().equalsIgnoreCase("authorization")) {
                Matcher m = SCOPE.matcher(h.get(1).asText());
                if (m.find()) {
                    return m.group(1);
                }
            }
        }
        throw new IllegalArgumentException("no credential scope in " + captured.get("name"));
    }
}
