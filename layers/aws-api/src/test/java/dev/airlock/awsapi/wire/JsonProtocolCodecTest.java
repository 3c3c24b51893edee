package dev.airlock.awsapi.wire;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.awsapi.catalog.AwsCatalog;
import dev.airlock.awsapi.catalog.CatalogService;
import dev.airlock.awsapi.catalog.TestCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class JsonProtocolCodecTest {
    private static final AwsCatalog CATALOG = TestCatalog.get();
    private final WireDecoder decoder = WireDecoder.standard(CATALOG, null);
    private final ObjectMapper json = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"dynamodb-GetItem", "dynamodb-Query", "dynamodb-PutItem", "dynamodb-BatchGetItem",
            "dynamodb-BatchWriteItem", "dynamodb-DescribeTable", "dynamodb-ExecuteStatement", "ssm-GetParameter",
            "ssm-GetParameters", "ssm-SendCommand", "logs-FilterLogEvents", "logs-GetLogEvents", "sqs-SendMessage",
            "sqs-ReceiveMessage", "sqs-DeleteMessage", "sqs-PurgeQueue"})
    void decode_whatTheCliSends_readsTheCallAndRebuildsItTheSame(String name) throws Exception {
        WireRequest request = Captured.load(name);
        String signingName = name.substring(0, name.indexOf('-'));
        WireDecoding decoding = decoder.decode(request, signingName, "aws-sandbox");

        assertThat(decoding).isInstanceOf(WireDecoding.Decoded.class);
        WireDecoding.Decoded decoded = (WireDecoding.Decoded) decoding;
        assertThat(decoded.call().operation()).isEqualTo(name.substring(name.indexOf('-') + 1));
        assertThat(decoded.call().input()).isEqualTo(json.readTree(request.body()));

        RebuiltRequest rebuilt = decoder.encode(decoded.call());
        assertThat(rebuilt.method()).isEqualTo("POST");
        assertThat(rebuilt.encodedPath()).isEqualTo("/");
        assertThat(rebuilt.headers()).containsEntry("X-Amz-Target", request.header("x-amz-target").orElseThrow())
                .containsEntry("Content-Type", request.header("content-type").orElseThrow()).hasSize(2);
        assertThat(json.readTree(rebuilt.body())).isEqualTo(json.readTree(request.body()));
        assertThat(decoder.decode(Captured.asSent(rebuilt), signingName, "aws-sandbox")).isEqualTo(decoded);
    }

    @Test
    void decode_getItem_keepsTheTargetAndService() {
        WireDecoding.Decoded d = (WireDecoding.Decoded) decoder.decode(Captured.load("dynamodb-GetItem"), "dynamodb",
                "aws-sandbox");
        assertThat(d.call().target()).isEqualTo("aws-sandbox");
        assertThat(d.call().service()).isEqualTo("dynamodb");
        assertThat(d.operation().policyAction()).isEqualTo("aws:dynamodb:GetItem");
    }

    @Test
    void decode_whenAKeyIsDuplicated_refuses() {
        WireRequest request = Captured.withBody(Captured.load("dynamodb-GetItem"),
                "{\"TableName\":\"orders\",\"TableName\":\"secrets\",\"Key\":{\"id\":{\"S\":\"1\"}}}");
        assertThat(refusal(request, "dynamodb")).satisfies(r -> {
            assertThat(r.code()).isEqualTo("InvalidRequest");
            assertThat(r.reason()).contains("a key appears twice").doesNotContain("secrets");
        });
    }

    @Test
    void decode_whenADuplicateKeyIsNested_refuses() {
        WireRequest request = Captured.withBody(Captured.load("dynamodb-GetItem"),
                "{\"TableName\":\"orders\",\"Key\":{\"id\":{\"S\":\"1\",\"S\":\"2\"}}}");
        assertThat(refusal(request, "dynamodb").reason()).contains("a key appears twice");
    }

    @Test
    void decode_whenTheTargetNamesAnotherOperationThanTheBody_refusesTheBodysMembers() {
        // The body is a DeleteItem's; the header says DescribeTable: Airlock reads the header and
        // refuses the members DescribeTable does not have, rather than guessing.
        WireRequest request = Captured.withHeader(Captured.withBody(Captured.load("dynamodb-DescribeTable"),
                "{\"TableName\":\"orders\",\"Key\":{\"id\":{\"S\":\"1\"}}}"), "x-amz-target",
                "DynamoDB_20120810.DescribeTable");
        WireDecoding.Refused r = refusal(request, "dynamodb");
        assertThat(r.code()).isEqualTo("ValidationException");
        assertThat(r.reason()).contains("Unknown member 'Key'").contains("dynamodb:DescribeTable")
                .contains("the catalog does not know it");
    }

    @Test
    void decode_whenAMemberIsUnknown_refusesNamingIt() {
        WireRequest request = Captured.withBody(Captured.load("dynamodb-GetItem"),
                "{\"TableName\":\"orders\",\"Key\":{\"id\":{\"S\":\"1\"}},\"ReturnEverything\":true}");
        assertThat(refusal(request, "dynamodb").reason()).contains("Unknown member 'ReturnEverything'");
    }

    @Test
    void decode_whenAnUnknownAmzHeaderIsSent_refuses() {
        WireRequest request = Captured.withHeader(Captured.load("dynamodb-GetItem"), "X-Amz-Bypass-Governance",
                "true");
        assertThat(refusal(request, "dynamodb").reason()).contains("x-amz-bypass-governance")
                .contains("not one Airlock passes on");
    }

    @Test
    void decode_whenTheTargetHeaderIsSentTwice_refuses() {
        WireRequest request = Captured.withHeader(Captured.load("dynamodb-GetItem"), "X-Amz-Target",
                "DynamoDB_20120810.GetItem", "DynamoDB_20120810.DeleteItem");
        assertThat(refusal(request, "dynamodb").reason()).contains("more than once");
    }

    @Test
    void decode_whenTheTargetHeaderIsMissingOrForeign_refuses() {
        assertThat(refusal(Captured.withHeader(Captured.load("dynamodb-GetItem"), "X-Amz-Target"), "dynamodb")
                .reason()).contains("X-Amz-Target");
        assertThat(refusal(Captured.withHeader(Captured.load("dynamodb-GetItem"), "X-Amz-Target",
                "AmazonSSM.GetParameter"), "dynamodb").reason()).contains("DynamoDB_20120810.<Operation>");
    }

    @Test
    void decode_whenTheContentTypeIsWrong_refuses() {
        WireRequest request = Captured.withHeader(Captured.load("ssm-GetParameter"), "Content-Type",
                "application/x-amz-json-1.0");
        assertThat(refusal(request, "ssm").reason()).contains("application/x-amz-json-1.1");
    }

    @Test
    void decode_sqsOverTheOldQueryProtocol_refusesSayingWhy() {
        WireRequest request = new WireRequest("POST", "/", "", java.util.Map.of("Content-Type",
                java.util.List.of("application/x-www-form-urlencoded; charset=utf-8")),
                "Action=SendMessage&Version=2012-11-05&QueueUrl=x&MessageBody=y".getBytes(StandardCharsets.UTF_8));
        assertThat(refusal(request, "sqs").reason()).contains("older query protocol").contains("AmazonSQS");
    }

    @Test
    void decode_whenTheOperationIsNotCatalogued_refusesWithHowToAdd() {
        WireRequest request = Captured.withHeader(Captured.load("dynamodb-DescribeTable"), "X-Amz-Target",
                "DynamoDB_20120810.DeleteTable");
        WireDecoding.Refused r = refusal(request, "dynamodb");
        assertThat(r.code()).isEqualTo("UnknownOperation");
        assertThat(r.reason()).contains("dynamodb:DeleteTable").contains("Adding an operation");
    }

    @Test
    void decode_whenTheOperationIsNeverProxied_refusesAccessDenied() {
        WireRequest request = Captured.withBody(Captured.withHeader(Captured.withHeader(
                Captured.load("ssm-GetParameter"), "X-Amz-Target", "secretsmanager.GetSecretValue"),
                "Content-Type", "application/x-amz-json-1.1"), "{\"SecretId\":\"db\"}");
        WireDecoding.Refused r = refusal(request, "secretsmanager");
        assertThat(r.code()).isEqualTo("AccessDenied");
        assertThat(r.reason()).contains("Secrets Manager");
    }

    @Test
    void decode_whenTheBodyIsNestedTooDeep_refuses() {
        String deep = "{\"TableName\":\"orders\",\"Key\":" + "{\"a\":".repeat(100) + "1" + "}".repeat(100) + "}";
        assertThat(refusal(Captured.withBody(Captured.load("dynamodb-GetItem"), deep), "dynamodb").reason())
                .contains("nested deeper");
    }

    @Test
    void decode_whenTheBodyHasTrailingTextOrIsNotAnObject_refuses() {
        WireRequest base = Captured.load("dynamodb-DescribeTable");
        assertThat(refusal(Captured.withBody(base, "{\"TableName\":\"t\"} {}"), "dynamodb").reason())
                .contains("not valid JSON");
        assertThat(refusal(Captured.withBody(base, "[]"), "dynamodb").reason()).contains("one JSON object");
    }

    @Test
    void decode_whenARequiredMemberIsMissing_refuses() {
        assertThat(refusal(Captured.withBody(Captured.load("dynamodb-GetItem"), "{\"TableName\":\"orders\"}"),
                "dynamodb").reason()).contains("needs member Key");
    }

    @Test
    void decode_whenAMemberHasTheWrongType_refuses() {
        assertThat(refusal(Captured.withBody(Captured.load("dynamodb-DescribeTable"), "{\"TableName\":42}"),
                "dynamodb").reason()).contains("TableName").contains("must be a string");
    }

    private WireDecoding.Refused refusal(WireRequest request, String signingName) {
        WireDecoding decoding = decoder.decode(request, signingName, "aws-sandbox");
        assertThat(decoding).isInstanceOf(WireDecoding.Refused.class);
        return (WireDecoding.Refused) decoding;
    }

    static CatalogService service(String name) {
        return CATALOG.service(name).orElseThrow();
    }
}
