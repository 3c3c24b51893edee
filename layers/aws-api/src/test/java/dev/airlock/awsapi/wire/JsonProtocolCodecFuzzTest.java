package dev.airlock.awsapi.wire;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.airlock.awsapi.catalog.AwsCatalog;
import dev.airlock.awsapi.catalog.CatalogService;
import dev.airlock.awsapi.catalog.TestCatalog;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer fuzzes the JSON codec: whatever the body and target, decode returns a call or a refusal
 * (no exception escapes), and a decoded call rebuilt and read again is the same call. The normal
 * build replays {@code JsonProtocolCodecFuzzTestInputs/}; to fuzz, run
 * {@code JAZZER_FUZZ=1 ./mvnw -pl layers/aws-api -am test -Dtest=JsonProtocolCodecFuzzTest -Dsurefire.failIfNoSpecifiedTests=false}
 * and add any crash it finds to that folder.
 */
class JsonProtocolCodecFuzzTest {
    private static final AwsCatalog CATALOG = TestCatalog.get();
    private static final JsonProtocolCodec CODEC = new JsonProtocolCodec();
    /** Service and X-Amz-Target pairs; the last byte of an input picks one. */
    private static final List<String[]> TARGETS = List.of(
            new String[] {"dynamodb", "DynamoDB_20120810.GetItem"},
            new String[] {"dynamodb", "DynamoDB_20120810.BatchWriteItem"},
            new String[] {"dynamodb", "DynamoDB_20120810.Query"},
            new String[] {"dynamodb", "DynamoDB_20120810.ExecuteStatement"},
            new String[] {"sqs", "AmazonSQS.SendMessage"},
            new String[] {"ssm", "AmazonSSM.SendCommand"},
            new String[] {"ssm", "AmazonSSM.GetParameters"},
            new String[] {"logs", "Logs_20140328.FilterLogEvents"},
            new String[] {"dynamodb", "DynamoDB_20120810.Nope"});

    @FuzzTest(maxDuration = "60s")
    void decode_neverThrowsAndRoundTrips(FuzzedDataProvider data) {
        String[] target = TARGETS.get(data.consumeInt(0, TARGETS.size() - 1));
        CatalogService service = CATALOG.service(target[0]).orElseThrow();
        String contentType = service.protocol() == dev.airlock.awsapi.catalog.WireProtocol.JSON_1_0
                ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1";
        WireRequest request = new WireRequest("POST", "/", "", Map.of("Content-Type", List.of(contentType),
                "X-Amz-Target", List.of(target[1]), "X-Amz-Date", List.of("20261202T000000Z")),
                data.consumeRemainingAsBytes());

        WireDecoding first = CODEC.decode(request, service, "fuzz");

        assertThat(first).isNotNull();
        if (first instanceof WireDecoding.Decoded decoded) {
            RebuiltRequest rebuilt = CODEC.encode(decoded.call(), service, decoded.operation());
            assertThat(CODEC.decode(Captured.asSent(rebuilt), service, "fuzz")).isEqualTo(decoded);
        }
    }
}
