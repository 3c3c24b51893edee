package dev.airlock.awsapi.wire;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.airlock.awsapi.catalog.CatalogService;
import dev.airlock.awsapi.catalog.TestCatalog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer fuzzes the S3 codec: whatever the request, decode returns Decoded or Refused (no exception
 * escapes), and what it decodes rebuilds into a request that reads back to the same call. The input is
 * a request as text ({@code METHOD path?query}, header lines, a blank line, the body), so the seeds in
 * {@code RestXmlCodecFuzzTestInputs/} are the CLI's and boto3's requests. The normal build replays them;
 * to fuzz, run {@code JAZZER_FUZZ=1 ./mvnw -pl layers/aws-api test -Dtest=RestXmlCodecFuzzTest} and add any
 * crash it finds to that folder.
 */
class RestXmlCodecFuzzTest {
    private static final CatalogService S3 = TestCatalog.get().service("s3").orElseThrow();
    private static final RestXmlCodec CODEC = new RestXmlCodec();

    @FuzzTest(maxDuration = "60s")
    void decode_refusesOrDecodesAndRoundTrips(FuzzedDataProvider data) {
        WireRequest request = parse(data.consumeRemainingAsBytes());
        if (request == null) {
            return;
        }

        WireDecoding decoding = CODEC.decode(request, S3, "fuzz");

        assertThat(decoding).isNotNull();
        if (decoding instanceof WireDecoding.Decoded decoded) {
            RebuiltRequest rebuilt = CODEC.encode(decoded.call(), S3, decoded.operation());
            WireDecoding again = CODEC.decode(S3Captures.toWire(rebuilt), S3, "fuzz");
            assertThat(again).isInstanceOfSatisfying(WireDecoding.Decoded.class,
                    d -> assertThat(d.call()).isEqualTo(decoded.call()));
        } else {
            assertThat(decoding).isInstanceOf(WireDecoding.Refused.class);
        }
    }

    /** {@code METHOD target\nName: value\n...\n\nbody}; null when the text is not that shape. */
    static WireRequest parse(byte[] input) {
        int split = indexOf(input, "\n\n".getBytes(StandardCharsets.ISO_8859_1));
        String head = new String(input, 0, split < 0 ? input.length : split, StandardCharsets.ISO_8859_1);
        byte[] body = split < 0 ? new byte[0] : Arrays.copyOfRange(input, split + 2, input.length);
        String[] lines = head.split("\n", -1);
        String[] requestLine = lines[0].split(" ", 2);
        if (requestLine.length != 2 || requestLine[0].isEmpty()) {
            return null;
        }
        String target = requestLine[1];
        int q = target.indexOf('?');
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                return null;
            }
            headers.computeIfAbsent(lines[i].substring(0, colon), n -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        return new WireRequest(requestLine[0], q < 0 ? target : target.substring(0, q),
                q < 0 ? "" : target.substring(q + 1), headers, body);
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
