package dev.airlock.awsapi.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ResourceResolverTest {
    private static final String ACCOUNT = "123456789012";
    private final AwsCatalog catalog = TestCatalog.get();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void getItem_resolvesTheTable() {
        assertThat(arns("dynamodb", "GetItem", "{\"TableName\":\"orders\",\"Key\":{}}"))
                .containsExactly("arn:aws:dynamodb:us-east-1:123456789012:table/orders");
    }

    @Test
    void queryOnAnIndex_resolvesTheTableAndTheIndex() {
        assertThat(arns("dynamodb", "Query", "{\"TableName\":\"orders\",\"IndexName\":\"by-customer\"}"))
                .containsExactly("arn:aws:dynamodb:us-east-1:123456789012:table/orders",
                        "arn:aws:dynamodb:us-east-1:123456789012:table/orders/index/by-customer");
        assertThat(arns("dynamodb", "Query", "{\"TableName\":\"orders\"}"))
                .containsExactly("arn:aws:dynamodb:us-east-1:123456789012:table/orders");
    }

    @Test
    void batchWriteItem_resolvesEveryTableAsWritten() {
        List<ResolvedResource> resources = resolved("dynamodb", "BatchWriteItem",
                "{\"RequestItems\":{\"orders\":[],\"audit\":[],\"orders2\":[]}}");
        assertThat(resources).extracting(ResolvedResource::arn).containsExactly(
                "arn:aws:dynamodb:us-east-1:123456789012:table/orders",
                "arn:aws:dynamodb:us-east-1:123456789012:table/audit",
                "arn:aws:dynamodb:us-east-1:123456789012:table/orders2");
        assertThat(resources).allSatisfy(r -> {
            assertThat(r.writes()).isTrue();
            assertThat(r.actions()).containsExactly("dynamodb:BatchWriteItem");
        });
    }

    @Test
    void batchGetItem_resolvesEveryTable() {
        assertThat(arns("dynamodb", "BatchGetItem", "{\"RequestItems\":{\"orders\":{},\"customers\":{}}}"))
                .hasSize(2).allMatch(a -> a.contains(":table/"));
    }

    @Test
    void sqs_resolvesTheQueueFromItsUrl() {
        assertThat(arns("sqs", "SendMessage",
                "{\"QueueUrl\":\"https://sqs.us-east-1.amazonaws.com/123456789012/jobs.fifo\",\"MessageBody\":\"x\"}"))
                .containsExactly("arn:aws:sqs:us-east-1:123456789012:jobs.fifo");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jobs", "https://sqs.us-east-1.amazonaws.com/jobs",
            "https://sqs.us-east-1.amazonaws.com/999999999999/jobs", "https://sqs.us-east-1.amazonaws.com/123456789012/j*",
            "https://sqs.us-east-1.amazonaws.com/123456789012/jobs?x=1", "ftp://h/123456789012/jobs"})
    void sqs_whenTheQueueUrlIsNotOneOfTheTargetsQueues_refuses(String url) {
        assertThat(refusal("sqs", "PurgeQueue", "{\"QueueUrl\":\"" + url + "\"}")).contains("QueueUrl");
    }

    @Test
    void ec2_resolvesOneInstanceArnPerId() {
        assertThat(arns("ec2", "TerminateInstances", "{\"InstanceIds\":[\"i-1\",\"i-2\",\"i-1\"]}")).containsExactly(
                "arn:aws:ec2:us-east-1:123456789012:instance/i-1", "arn:aws:ec2:us-east-1:123456789012:instance/i-2");
    }

    @Test
    void describeInstances_isUnscopedAndNamesItsAction() {
        assertThat(resolved("ec2", "DescribeInstances", "{}")).singleElement().satisfies(r -> {
            assertThat(r.arn()).isEqualTo("*");
            assertThat(r.actions()).containsExactly("ec2:DescribeInstances");
            assertThat(r.writes()).isFalse();
        });
    }

    @Test
    void ssm_parameterNamesLoseTheirLeadingSlash() {
        assertThat(arns("ssm", "GetParameters", "{\"Names\":[\"/demo/x\",\"y\",\"/demo/z:3\"]}")).containsExactly(
                "arn:aws:ssm:us-east-1:123456789012:parameter/demo/x", "arn:aws:ssm:us-east-1:123456789012:parameter/y",
                "arn:aws:ssm:us-east-1:123456789012:parameter/demo/z");
    }

    @Test
    void sendCommand_resolvesInstancesAndTheDocument() {
        List<ResolvedResource> resources = resolved("ssm", "SendCommand",
                "{\"InstanceIds\":[\"i-1\"],\"DocumentName\":\"AWS-RunShellScript\"}");
        assertThat(resources).extracting(ResolvedResource::arn).containsExactly(
                "arn:aws:ec2:us-east-1:123456789012:instance/i-1",
                "arn:aws:ssm:us-east-1::document/AWS-RunShellScript");
        assertThat(resources.get(0).writes()).isTrue();
    }

    @Test
    void logs_readsTheGroupByNameOrArn() {
        assertThat(arns("logs", "FilterLogEvents", "{\"logGroupName\":\"/aws/lambda/app\"}"))
                .containsExactly("arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/app");
        assertThat(arns("logs", "FilterLogEvents",
                "{\"logGroupIdentifier\":\"arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/app:*\"}"))
                .containsExactly("arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/app");
        assertThat(refusal("logs", "FilterLogEvents",
                "{\"logGroupIdentifier\":\"arn:aws:logs:us-east-1:999999999999:log-group:x\"}"))
                .contains("outside the target's account");
        assertThat(refusal("logs", "FilterLogEvents", "{}")).contains("must name one of");
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders*", "ord?rs", "orders\\nADMIN", "${aws:username}", "",
            "arn:aws:dynamodb:us-east-1:999999999999:table/x", "a\\u2028b"})
    void hostileTableNames_areRefused(String name) {
        assertThat(refusal("dynamodb", "GetItem", "{\"TableName\":\"" + name + "\",\"Key\":{}}")).isNotBlank();
    }

    @Test
    void hostileBatchKeys_areRefused() {
        assertThat(refusal("dynamodb", "BatchGetItem", "{\"RequestItems\":{\"orders\":{},\"*\":{}}}"))
                .contains("wildcard");
    }

    @Test
    void hostileInstanceIds_areRefused() {
        assertThat(refusal("ec2", "StopInstances", "{\"InstanceIds\":[\"i-1\",\"*\"]}")).contains("wildcard");
        assertThat(refusal("ec2", "StopInstances", "{\"InstanceIds\":[\"i-1\",{\"a\":1}]}")).contains("string");
    }

    @Test
    void aMissingRequiredResource_isRefused() {
        assertThat(refusal("ec2", "StopInstances", "{}")).contains("must name InstanceIds");
    }

    @Test
    void aMalformedTarget_isRefused() {
        CatalogOperation op = catalog.operation("dynamodb", "DescribeTable").orElseThrow();
        assertThat(ResourceResolver.resolve(op, obj("{\"TableName\":\"t\"}"), "aws", "us-east-1", "*"))
                .isInstanceOf(ResourceResolution.Refused.class);
    }

    @Test
    void classifierOperations_resolveToNothingHere() {
        assertThat(resolved("dynamodb", "ExecuteStatement", "{\"Statement\":\"SELECT * FROM t\"}")).isEmpty();
    }

    @Test
    void s3Filters_readBucketsAndCopySources() {
        Map<String, InputMember> input = Map.of(
                "Bucket", new InputMember("Bucket", InputMember.Location.URI, null, InputMember.Type.STRING, true,
                        Map.of()),
                "CopySource", new InputMember("CopySource", InputMember.Location.HEADER, "x-amz-copy-source",
                        InputMember.Type.STRING, false, Map.of()));
        CatalogOperation copy = new CatalogOperation("s3", "CopyObject", CatalogOperation.HttpBinding.POST_ROOT,
                dev.airlock.core.model.RiskClass.WRITE, true, input, List.of(
                new ResourceTemplate("arn:{partition}:s3:::{CopySource|s3-copy-source}", List.of("s3:GetObject"),
                        false, false),
                new ResourceTemplate("arn:{partition}:s3:::{Bucket}/*x", List.of("s3:PutObject"), true, true)),
                List.of(), List.of(), Optional.empty(), Map.of());
        ResourceResolution ok = ResourceResolver.resolve(copy,
                obj("{\"Bucket\":\"dest\",\"CopySource\":\"/src-bucket/a%20b.txt?versionId=3\"}"), "aws", "us-east-1",
                ACCOUNT);
        assertThat(ok).isInstanceOfSatisfying(ResourceResolution.Resolved.class, r -> assertThat(r.resources())
                .extracting(ResolvedResource::arn).containsExactly("arn:aws:s3:::src-bucket/a b.txt",
                        "arn:aws:s3:::dest/*x"));
        assertThat(ResourceResolver.resolve(copy, obj("{\"Bucket\":\"Dest_Bucket\"}"), "aws", "us-east-1", ACCOUNT))
                .isInstanceOfSatisfying(ResourceResolution.Refused.class,
                        r -> assertThat(r.reason()).contains("bucket name"));
        assertThat(ResourceResolver.resolve(copy, obj("{\"Bucket\":\"dest\",\"CopySource\":\"src/a%2A\"}"), "aws",
                "us-east-1", ACCOUNT)).isInstanceOf(ResourceResolution.Refused.class);
    }

    private List<String> arns(String service, String operation, String input) {
        return resolved(service, operation, input).stream().map(ResolvedResource::arn).toList();
    }

    private List<ResolvedResource> resolved(String service, String operation, String input) {
        ResourceResolution r = resolve(service, operation, input);
        assertThat(r).isInstanceOf(ResourceResolution.Resolved.class);
        return ((ResourceResolution.Resolved) r).resources();
    }

    private String refusal(String service, String operation, String input) {
        ResourceResolution r = resolve(service, operation, input);
        assertThat(r).isInstanceOf(ResourceResolution.Refused.class);
        return ((ResourceResolution.Refused) r).reason();
    }

    private ResourceResolution resolve(String service, String operation, String input) {
        return ResourceResolver.resolve(catalog.operation(service, operation).orElseThrow(), obj(input), "aws",
                "us-east-1", ACCOUNT);
    }

    private ObjectNode obj(String text) {
        try {
            return (ObjectNode) json.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
