package dev.airlock.awsapi.wire;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.airlock.awsapi.catalog.AwsCatalog;
import dev.airlock.awsapi.catalog.CatalogService;
import dev.airlock.awsapi.catalog.TestCatalog;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer fuzzes the query codec (EC2 and STS forms): whatever the form, decode returns a call or
 * a refusal (no exception escapes), and a decoded call rebuilt and read again is the same call.
 * The normal build replays {@code QueryProtocolCodecFuzzTestInputs/}; to fuzz, run
 * {@code JAZZER_FUZZ=1 ./mvnw -pl layers/aws-api -am test -Dtest=QueryProtocolCodecFuzzTest -Dsurefire.failIfNoSpecifiedTests=false}
 * and add any crash it finds to that folder.
 */
class QueryProtocolCodecFuzzTest {
    private static final AwsCatalog CATALOG = TestCatalog.get();
    private static final QueryProtocolCodec CODEC = new QueryProtocolCodec();

    @FuzzTest(maxDuration = "60s")
    void decode_neverThrowsAndRoundTrips(FuzzedDataProvider data) {
        CatalogService service = CATALOG.service(data.consumeBoolean() ? "ec2" : "sts").orElseThrow();
        boolean get = data.consumeBoolean();
        String form = data.consumeRemainingAsString();
        WireRequest request = get
                ? new WireRequest("GET", "/", form, Map.of(), null)
                : new WireRequest("POST", "/", "", Map.of("Content-Type",
                List.of("application/x-www-form-urlencoded; charset=utf-8")), form.getBytes(StandardCharsets.UTF_8));

        WireDecoding first = CODEC.decode(request, service, "fuzz");

        assertThat(first).isNotNull();
        if (first instanceof WireDecoding.Decoded decoded) {
            RebuiltRequest rebuilt = CODEC.encode(decoded.call(), service, decoded.operation());
            assertThat(CODEC.decode(Captured.asSent(rebuilt), service, "fuzz")).isEqualTo(decoded);
        }
    }
}
