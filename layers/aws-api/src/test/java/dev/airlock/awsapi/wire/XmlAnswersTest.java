package dev.airlock.awsapi.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Answers moto_server (the AWS emulator) sent to boto3, kept in {@code wire/answers/}, read as the CLI shows them. */
class XmlAnswersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static byte[] answer(String name) throws IOException {
        try (InputStream in = XmlAnswersTest.class.getResourceAsStream("/wire/answers/" + name + ".xml")) {
            return in.readAllBytes();
        }
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    @Test
    void listObjectsV2_withOneObject_listsContentsAndCommonPrefixesAsArrays() throws IOException {
        ObjectNode out = S3Answers.answerJson("ListObjectsV2", answer("s3-ListObjectsV2-one"));

        assertThat(out.get("Contents")).hasSize(1);
        assertThat(out.get("Contents").get(0).get("Key").asText()).isEqualTo("2026/a.txt");
        assertThat(out.get("Contents").get(0).get("Size").asText()).isEqualTo("1");
        assertThat(out.get("CommonPrefixes")).isEqualTo(json("[{\"Prefix\":\"2026/sub/\"}]"));
        assertThat(out.get("Name").asText()).isEqualTo("airlock-demo-reports");
        assertThat(out.get("IsTruncated").asText()).isEqualTo("false");
    }

    @Test
    void listObjectsV2_withTwoObjects_listsBoth() throws IOException {
        ObjectNode out = S3Answers.answerJson("ListObjectsV2", answer("s3-ListObjectsV2-two"));

        assertThat(out.get("Contents")).extracting(c -> c.get("Key").asText())
                .containsExactly("2026/a.txt", "2026/sub/b.txt");
    }

    @Test
    void listBuckets_unwrapsTheBucketsList() throws IOException {
        ObjectNode out = S3Answers.answerJson("ListBuckets", answer("s3-ListBuckets"));

        assertThat(out.get("Buckets")).isEqualTo(json(
                "[{\"Name\":\"airlock-demo-reports\",\"CreationDate\":\"2026-12-02T18:29:17.000Z\"}]"));
        assertThat(out.get("Owner").get("ID").asText()).isNotEmpty();
    }

    @Test
    void deleteObjects_listsDeletedKeys() throws IOException {
        assertThat(S3Answers.answerJson("DeleteObjects", answer("s3-DeleteObjects")))
                .isEqualTo(json("{\"Deleted\":[{\"Key\":\"2026/a.txt\"}]}"));
    }

    @Test
    void ec2DescribeInstances_itemListsAreArraysWithTheCliNames() throws IOException {
        ObjectNode out = XmlAnswers.toJson(answer("ec2-DescribeInstances"), Set.of(), XmlAnswers.Naming.EC2_CLI);

        JsonNode instance = out.get("Reservations").get(0).get("Instances").get(0);
        assertThat(instance.get("InstanceId").asText()).startsWith("i-");
        assertThat(instance.get("InstanceState").get("Name").asText()).isEqualTo("running");
        assertThat(instance.get("Tags")).isEqualTo(json("[{\"Key\":\"team\",\"Value\":\"data\"}]"));
        assertThat(instance.get("Groups")).isEmpty();
        assertThat(instance.get("NetworkInterfaces").get(0).get("Groups").get(0).get("GroupName").asText())
                .isEqualTo("default");
    }

    @Test
    void ec2DescribeInstances_asSent_keepsTheXmlNames() throws IOException {
        ObjectNode out = XmlAnswers.toJson(answer("ec2-DescribeInstances"), Set.of(), XmlAnswers.Naming.AS_SENT);

        assertThat(out.get("reservationSet").get(0).get("instancesSet").get(0).get("instanceId").asText())
                .startsWith("i-");
    }

    @Test
    void queryProtocol_unwrapsTheResultAndDropsResponseMetadata() throws IOException {
        ObjectNode out = XmlAnswers.toJson(answer("sts-GetCallerIdentity"), Set.of(), XmlAnswers.Naming.AS_SENT);

        assertThat(out).isEqualTo(json("""
                {"UserId":"AKIAIOSFODNN7EXAMPLE","Account":"123456789012","Arn":"arn:aws:sts::123456789012:user/moto"}"""));
    }

    @Test
    void queryProtocolMembers_areArraysEvenWhenAlone() {
        byte[] xml = ("<ListQueuesResponse><ListQueuesResult><QueueUrl>a</QueueUrl><Arns><member>x</member></Arns>"
                + "</ListQueuesResult></ListQueuesResponse>").getBytes(StandardCharsets.UTF_8);

        ObjectNode out = XmlAnswers.toJson(xml, Set.of(), XmlAnswers.Naming.AS_SENT);

        assertThat(out.get("Arns")).hasSize(1);
    }

    @Test
    void answerWithAnEntity_isWithheld() {
        byte[] xml = ("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<ListBucketResult><Name>&x;</Name></ListBucketResult>").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> S3Answers.answerJson("ListObjectsV2", xml))
                .isInstanceOf(XmlAnswers.UnreadableAnswer.class).hasMessageNotContaining("root:");
    }

    @Test
    void headObjectJson_mapsHeadersToTheCliFields() {
        ObjectNode out = S3Answers.headObjectJson(Map.of(
                "Content-Type", List.of("text/plain"), "Content-Length", List.of("12"), "ETag", List.of("\"abc\""),
                "Last-Modified", List.of("Wed, 02 Dec 2026 18:20:00 GMT"), "x-amz-version-id", List.of("v1"),
                "x-amz-meta-team", List.of("data"), "x-amz-request-id", List.of("r"), "Server", List.of("AmazonS3")));

        assertThat(out).isEqualTo(new ObjectMapper().createObjectNode()
                .put("ContentType", "text/plain").put("ContentLength", 12L).put("ETag", "\"abc\"")
                .put("LastModified", "Wed, 02 Dec 2026 18:20:00 GMT").put("VersionId", "v1")
                .set("Metadata", new ObjectMapper().createObjectNode().put("team", "data")));
    }
}
