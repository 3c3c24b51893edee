package dev.airlock.awsapi.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.awsapi.catalog.CatalogOperation;
import dev.airlock.awsapi.catalog.CatalogService;
import dev.airlock.awsapi.catalog.ResourceTemplate;
import dev.airlock.awsapi.catalog.TestCatalog;
import dev.airlock.core.model.RiskClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

class RestXmlCodecTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CatalogService S3 = TestCatalog.get().service("s3").orElseThrow();
    private static final RestXmlCodec CODEC = new RestXmlCodec();

    private static WireDecoding.Decoded decoded(WireRequest request) {
        WireDecoding decoding = CODEC.decode(request, S3, "aws-sandbox");
        assertThat(decoding).as(() -> decoding.toString()).isInstanceOf(WireDecoding.Decoded.class);
        return (WireDecoding.Decoded) decoding;
    }

    private static WireDecoding.Refused refused(WireRequest request) {
        WireDecoding decoding = CODEC.decode(request, S3, "aws-sandbox");
        assertThat(decoding).as(() -> decoding.toString()).isInstanceOf(WireDecoding.Refused.class);
        return (WireDecoding.Refused) decoding;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static WireRequest request(String method, String path, String query, Map<String, String> headers,
                                       byte[] body) {
        Map<String, List<String>> h = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.put("Host", List.of("127.0.0.1:8899"));
        h.put("X-Amz-Content-SHA256", List.of("UNSIGNED-PAYLOAD"));
        headers.forEach((k, v) -> h.put(k, List.of(v)));
        return new WireRequest(method, path, query, h, body);
    }

    private static WireRequest get(String path, String query) {
        return request("GET", path, query, Map.of(), new byte[0]);
    }

    // --- what the CLI and boto3 send ---

    @Test
    void awsS3Ls_isListObjectsV2WithPrefixAndDelimiter() {
        WireDecoding.Decoded d = decoded(S3Captures.load("cli-s3-ls"));

        assertThat(d.call().operation()).isEqualTo("ListObjectsV2");
        assertThat(d.call().service()).isEqualTo("s3");
        assertThat(d.call().target()).isEqualTo("aws-sandbox");
        assertThat(d.call().input()).isEqualTo(json("""
                {"Bucket":"airlock-demo-reports","Prefix":"2026/","Delimiter":"/","EncodingType":"url"}"""));
    }

    @Test
    void awsS3LsWithoutBucket_isListBuckets() {
        WireDecoding.Decoded d = decoded(S3Captures.load("cli-s3-ls-buckets"));

        assertThat(d.call().operation()).isEqualTo("ListBuckets");
        assertThat(d.call().input()).isEmpty();
        assertThat(d.operation().resourceScoped()).isFalse();
        assertThat(d.operation().actions()).containsExactly("s3:ListAllMyBuckets");
    }

    @Test
    void awsS3Cp_isPutObjectWithTextBodyAndItsCrc32Checked() {
        WireDecoding.Decoded d = decoded(S3Captures.load("cli-s3-cp"));

        assertThat(d.call().operation()).isEqualTo("PutObject");
        assertThat(d.operation().risk()).isEqualTo(RiskClass.WRITE);
        assertThat(d.call().input()).isEqualTo(json("""
                {"Bucket":"airlock-demo-reports","Key":"2026/file.txt","ContentType":"text/plain",
                 "Body":"hello world\\n"}"""));
    }

    @Test
    void s3apiPutObject_isPutObject() {
        WireDecoding.Decoded d = decoded(S3Captures.load("cli-put-object"));

        assertThat(d.call().operation()).isEqualTo("PutObject");
        assertThat(d.call().input().get("Key").asText()).isEqualTo("2026/put.txt");
    }

    @Test
    void awsS3Rm_isDestructiveDeleteObject() {
        WireDecoding.Decoded d = decoded(S3Captures.load("cli-s3-rm"));

        assertThat(d.call().operation()).isEqualTo("DeleteObject");
        assertThat(d.operation().risk()).isEqualTo(RiskClass.DESTRUCTIVE);
        assertThat(d.call().input()).isEqualTo(json("""
                {"Bucket":"airlock-demo-reports","Key":"2026/file.txt"}"""));
    }

    @Test
    void copyObject_readsItsSourceAndNeedsGetObjectThereAndPutObjectHere() {
        WireDecoding.Decoded d = decoded(S3Captures.load("cli-copy-object"));

        assertThat(d.call().operation()).isEqualTo("CopyObject");
        assertThat(d.call().input()).isEqualTo(json("""
                {"Bucket":"airlock-demo-reports","Key":"copy/a.txt","CopySource":"airlock-demo-reports/2026/file.txt"}"""));
        assertThat(d.operation().resources()).extracting(ResourceTemplate::arn, ResourceTemplate::actions,
                        ResourceTemplate::writes)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("arn:{partition}:s3:::{CopySource|s3-copy-source}",
                                List.of("s3:GetObject"), false),
                        org.assertj.core.groups.Tuple.tuple("arn:{partition}:s3:::{Bucket}/{Key}",
                                List.of("s3:PutObject"), true));
    }

    @Test
    void deleteObjects_readsEveryKeyFromTheXmlBody() {
        WireDecoding.Decoded d = decoded(S3Captures.load("cli-delete-objects"));

        assertThat(d.call().operation()).isEqualTo("DeleteObjects");
        assertThat(d.operation().risk()).isEqualTo(RiskClass.DESTRUCTIVE);
        assertThat(d.call().input()).isEqualTo(json("""
                {"Bucket":"airlock-demo-reports","Delete":{"Objects":[{"Key":"2026/a.txt"},
                 {"Key":"2026/b&c.txt","VersionId":"v1"}],"Quiet":true}}"""));
        assertThat(d.operation().resources()).singleElement()
                .extracting(ResourceTemplate::arn).isEqualTo("arn:{partition}:s3:::{Bucket}/{Delete.Objects[].Key}");
    }

    @Test
    void headObject_decodesTheKeyOnce() {
        WireDecoding.Decoded d = decoded(S3Captures.load("cli-head-object"));

        assertThat(d.call().operation()).isEqualTo("HeadObject");
        assertThat(d.call().input().get("Key").asText()).isEqualTo("2026/a b.txt");
    }

    @Test
    void getObjectWithRange_keepsRangeAndChecksumMode() {
        WireDecoding.Decoded d = decoded(S3Captures.load("cli-get-object-range"));

        assertThat(d.call().operation()).isEqualTo("GetObject");
        assertThat(d.call().input()).isEqualTo(json("""
                {"Bucket":"airlock-demo-reports","Key":"2026/file.txt","Range":"bytes=0-3","ChecksumMode":"ENABLED"}"""));
    }

    @Test
    void boto3PutObject_keepsAnEncodedSlashInTheKeyAndBinaryBodyAsBase64() {
        WireDecoding.Decoded d = decoded(S3Captures.load("boto3-put-object"));

        assertThat(d.call().input()).isEqualTo(json("""
                {"Bucket":"airlock-demo-reports","Key":"2026/x%2Fy/ü.bin","ContentType":"application/octet-stream",
                 "Metadata":{"owner":"agent"},"BodyBase64":"/wABYmluYXJ5"}"""));
    }

    @Test
    void boto3ListObjects_typesMaxKeysAsANumber() {
        WireDecoding.Decoded d = decoded(S3Captures.load("boto3-list-objects"));

        assertThat(d.call().input().get("MaxKeys").isNumber()).isTrue();
        assertThat(d.call().input().get("StartAfter").asText()).isEqualTo("2026/a");
    }

    // --- round trip: what Airlock sends reads back to the same call ---

    @ParameterizedTest
    @ValueSource(strings = {"cli-s3-ls", "cli-s3-ls-buckets", "cli-s3-cp", "cli-put-object", "cli-s3-rm",
            "cli-copy-object", "cli-delete-objects", "cli-head-object", "cli-get-object-range", "boto3-put-object",
            "boto3-list-objects"})
    void encode_readsBackToTheSameCall(String capture) {
        WireDecoding.Decoded first = decoded(S3Captures.load(capture));

        RebuiltRequest rebuilt = CODEC.encode(first.call(), S3, first.operation());
        WireDecoding.Decoded again = decoded(S3Captures.toWire(rebuilt));

        assertThat(again.call()).isEqualTo(first.call());
        assertThat(again.operation().name()).isEqualTo(first.operation().name());
        assertThat(rebuilt.headers().keySet()).noneMatch(h -> h.equalsIgnoreCase("authorization")
                || h.equalsIgnoreCase("x-amz-date") || h.equalsIgnoreCase("user-agent"));
    }

    @Test
    void encode_listObjects_buildsThePathAndSortedQuery() {
        WireDecoding.Decoded d = decoded(S3Captures.load("cli-s3-ls"));

        RebuiltRequest rebuilt = CODEC.encode(d.call(), S3, d.operation());

        assertThat(rebuilt.method()).isEqualTo("GET");
        assertThat(rebuilt.encodedPath()).isEqualTo("/airlock-demo-reports");
        assertThat(rebuilt.query()).containsExactly(Map.entry("delimiter", "/"), Map.entry("encoding-type", "url"),
                Map.entry("list-type", "2"), Map.entry("prefix", "2026/"));
        assertThat(rebuilt.headers()).isEmpty();
        assertThat(rebuilt.body()).isEmpty();
    }

    @Test
    void encode_keyWithSpecialCharacters_encodesEachSegmentAndKeepsSlashes() {
        WireDecoding.Decoded d = decoded(S3Captures.load("boto3-put-object"));

        RebuiltRequest rebuilt = CODEC.encode(d.call(), S3, d.operation());

        assertThat(rebuilt.encodedPath()).isEqualTo("/airlock-demo-reports/2026/x%252Fy/%C3%BC.bin");
        assertThat(rebuilt.headers()).containsEntry("x-amz-meta-owner", "agent")
                .containsEntry("Content-Type", "application/octet-stream").containsKey("Content-MD5");
        assertThat(rebuilt.body()).isEqualTo(new byte[]{(byte) 0xff, 0, 1, 'b', 'i', 'n', 'a', 'r', 'y'});
    }

    @Test
    void encode_deleteObjects_regeneratesEscapedXmlWithContentMd5() {
        WireDecoding.Decoded d = decoded(S3Captures.load("cli-delete-objects"));

        RebuiltRequest rebuilt = CODEC.encode(d.call(), S3, d.operation());

        assertThat(rebuilt.method()).isEqualTo("POST");
        assertThat(rebuilt.query()).containsExactly(Map.entry("delete", ""));
        assertThat(new String(rebuilt.body(), StandardCharsets.UTF_8)).isEqualTo(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                        + "<Object><Key>2026/a.txt</Key></Object><Object><Key>2026/b&amp;c.txt</Key>"
                        + "<VersionId>v1</VersionId></Object><Quiet>true</Quiet></Delete>");
        assertThat(rebuilt.headers()).containsEntry("Content-Type", "application/xml")
                .containsEntry("Content-MD5", PayloadChecksums.contentMd5(rebuilt.body()));
    }

    @Test
    void encode_copyObject_sendsTheCopySourceEncoded() {
        WireDecoding.Decoded d = decoded(S3Captures.withHeaders(S3Captures.load("cli-copy-object"),
                Map.of("x-amz-copy-source", "/airlock-demo-reports/a%20b.txt?versionId=3%2B4")));

        assertThat(d.call().input().get("CopySource").asText()).isEqualTo("airlock-demo-reports/a%20b.txt?versionId=3%2B4");
        RebuiltRequest rebuilt = CODEC.encode(d.call(), S3, d.operation());
        assertThat(rebuilt.method()).isEqualTo("PUT");
        assertThat(rebuilt.headers()).containsEntry("x-amz-copy-source",
                "airlock-demo-reports/a%20b.txt?versionId=3%2B4");
    }

    // --- hostile requests ---

    @Test
    void putWithCopySource_isCopyObjectNeverPutObject() {
        WireRequest put = S3Captures.load("cli-put-object");
        WireRequest sneaky = new WireRequest("PUT", put.rawPath(), "", S3Captures.withHeaders(put,
                Map.of("x-amz-copy-source", "other-account-bucket/secrets.txt", "x-amz-content-sha256",
                        "UNSIGNED-PAYLOAD", "x-amz-checksum-crc32", "AAAAAA==", "content-length", "0")).headers(),
                new byte[0]);

        WireDecoding.Decoded d = decoded(sneaky);

        assertThat(d.call().operation()).isEqualTo("CopyObject");
        assertThat(d.call().input().get("CopySource").asText()).isEqualTo("other-account-bucket/secrets.txt");
        assertThat(d.operation().resources()).anySatisfy(r -> {
            assertThat(r.arn()).contains("CopySource");
            assertThat(r.actions()).containsExactly("s3:GetObject");
        });
    }

    @Test
    void putWithCopySourceAndABody_isRefused() {
        WireRequest put = S3Captures.load("cli-put-object");

        WireDecoding.Refused r = refused(S3Captures.withHeaders(put,
                Map.of("x-amz-copy-source", "other-account-bucket/secrets.txt")));

        assertThat(r.reason()).contains("CopyObject").contains("no body");
    }

    @Test
    void putWithCopySource_whenTheCatalogHasNoCopyObject_isRefusedNamingTheHeader() {
        Map<String, CatalogOperation> ops = new HashMap<>(S3.operations());
        ops.remove("CopyObject");
        CatalogService noCopy = new CatalogService("s3", "s3", S3.protocol(), "", "", ops);

        WireDecoding decoding = CODEC.decode(S3Captures.withHeaders(S3Captures.load("cli-put-object"),
                Map.of("x-amz-copy-source", "other-account-bucket/secrets.txt")), noCopy, "aws-sandbox");

        assertThat(decoding).isInstanceOfSatisfying(WireDecoding.Refused.class,
                r -> assertThat(r.reason()).contains("x-amz-copy-source"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x-amz-acl", "x-amz-website-redirect-location", "x-amz-grant-read",
            "x-amz-server-side-encryption-customer-key", "x-amz-bypass-governance-retention", "x-amz-whatever"})
    void unknownAmzHeader_isRefusedByName(String header) {
        WireDecoding.Refused r = refused(S3Captures.withHeaders(S3Captures.load("cli-put-object"),
                Map.of(header, "public-read")));

        assertThat(r.reason()).contains(header).contains("refused");
    }

    @Test
    void otherHeaders_areDroppedNotForwarded() {
        WireDecoding.Decoded d = decoded(S3Captures.withHeaders(S3Captures.load("cli-get-object-range"),
                Map.of("X-Forwarded-For", "10.0.0.1", "Cookie", "a=b")));

        RebuiltRequest rebuilt = CODEC.encode(d.call(), S3, d.operation());

        assertThat(rebuilt.headers()).containsOnlyKeys("Range", "x-amz-checksum-mode");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/airlock-demo-reports/..", "/airlock-demo-reports/a/../b", "/airlock-demo-reports/%2E%2E",
            "/airlock-demo-reports/a/%2e%2e/b", "/airlock-demo-reports/./a", "/airlock-demo-reports/a%00b",
            "/airlock-demo-reports/a%ZZ", "/airlock-demo-reports/a%C3", "/airlock-demo-reports/a+b",
            "/Airlock-Demo", "/ab", "/a..b", "/192.168.1.1", "/bucket%2Fother/key", "/xn--bucket/k", "relative/x"})
    void pathTraversalAndBadNames_areRefused(String path) {
        refused(get(path, ""));
    }

    @Test
    void encodedSlashInKey_isASlashOfTheKey_andTraversalThroughItIsStillRefused() {
        WireDecoding.Decoded d = decoded(get("/airlock-demo-reports/2026%2Freport.csv", ""));

        assertThat(d.call().input().get("Key").asText()).isEqualTo("2026/report.csv");
        refused(get("/airlock-demo-reports/a%2F..%2Fb", ""));
    }

    @Test
    void duplicateQueryParameter_isRefused() {
        WireDecoding.Refused r = refused(get("/airlock-demo-reports", "list-type=2&prefix=a&prefix=b"));

        assertThat(r.reason()).contains("prefix").contains("more than once");
    }

    @Test
    void duplicateHeader_isRefused() {
        WireRequest base = S3Captures.load("cli-get-object-range");
        Map<String, List<String>> headers = new LinkedHashMap<>(base.headers());
        headers.put("range", List.of("bytes=0-3", "bytes=100-200"));

        WireDecoding.Refused r = refused(new WireRequest("GET", base.rawPath(), "", headers, new byte[0]));

        assertThat(r.reason()).contains("range").contains("more than once");
    }

    @Test
    void unknownQueryParameter_isRefusedByName() {
        WireDecoding.Refused r = refused(get("/airlock-demo-reports/2026/file.txt", "acl"));

        assertThat(r.reason()).contains("'acl'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"airlock-demo-reports.s3.amazonaws.com", "airlock-demo-reports.s3.us-east-1.amazonaws.com",
            "airlock-demo-reports.localhost:8899", "airlock-demo-reports.abc123defg.execute-api.us-east-1.amazonaws.com"})
    void bucketInHostHeader_isRefusedAskingForPathStyle(String host) {
        WireDecoding.Refused r = refused(S3Captures.withHeaders(get("/2026/file.txt", ""), Map.of("Host", host)));

        assertThat(r.reason()).contains("path style");
    }

    @Test
    void hostOtherThanTheGateway_whenHostsAreConfigured_isRefused() {
        RestXmlCodec codec = new RestXmlCodec(Set.of("airlock.example.com"));

        assertThat(codec.decode(S3Captures.withHeaders(get("/airlock-demo-reports", "list-type=2"),
                Map.of("Host", "airlock.example.com:443")), S3, "t")).isInstanceOf(WireDecoding.Decoded.class);
        assertThat(codec.decode(S3Captures.withHeaders(get("/2026", "list-type=2"),
                Map.of("Host", "airlock-demo-reports.airlock.example.com")), S3, "t"))
                .isInstanceOf(WireDecoding.Refused.class);
    }

    @Test
    void deleteQueryOnGet_isRefused() {
        WireDecoding.Refused r = refused(get("/airlock-demo-reports", "delete"));

        assertThat(r.code()).isEqualTo("UnsupportedOperation");
    }

    @Test
    void listObjectsV1_isRefused() {
        assertThat(refused(get("/airlock-demo-reports", "prefix=a")).code()).isEqualTo("UnsupportedOperation");
    }

    @Test
    void xIdNamingAnotherOperation_isRefused() {
        refused(get("/airlock-demo-reports/a.txt", "x-id=PutObject"));
        assertThat(decoded(get("/airlock-demo-reports/a.txt", "x-id=GetObject")).call().operation())
                .isEqualTo("GetObject");
    }

    @Test
    void bodyOnAGet_isRefused() {
        refused(request("GET", "/airlock-demo-reports/a.txt", "", Map.of(), "x".getBytes(StandardCharsets.UTF_8)));
    }

    private static WireRequest deleteObjects(String xml) {
        return request("POST", "/airlock-demo-reports", "delete", Map.of("Content-Type", "application/xml"),
                xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void deleteObjectsWithExternalEntity_isRefusedWithoutReadingTheFile(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOPSECRET");
        WireDecoding.Refused r = refused(deleteObjects("<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \""
                + secret.toUri() + "\">]><Delete><Object><Key>&x;</Key></Object></Delete>"));

        assertThat(r.reason()).doesNotContain("TOPSECRET").contains("XML");
    }

    @Test
    void deleteObjectsWithEntityExpansion_isRefused() {
        refused(deleteObjects("<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
                + "<Delete><Object><Key>&b;</Key></Object></Delete>"));
    }

    @Test
    void deleteObjectsWithUnknownElementOrAttribute_isRefused() {
        assertThat(refused(deleteObjects("<Delete><Object><Key>a</Key><Size>1</Size></Object></Delete>")).reason())
                .contains("Size");
        refused(deleteObjects("<Delete><Object x=\"1\"><Key>a</Key></Object></Delete>"));
        refused(deleteObjects("<Delete><Object><Key>a</Key></Object></Delete><Delete/>"));
        refused(deleteObjects("<Remove><Object><Key>a</Key></Object></Remove>"));
        refused(deleteObjects("<Delete><Object><Key>../a</Key></Object><Quiet>yes</Quiet></Delete>"));
        refused(deleteObjects("<Delete><Quiet>true</Quiet></Delete>"));
    }

    @Test
    void deleteObjectsBatch_listsEveryKey() {
        StringBuilder xml = new StringBuilder("<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
        for (int i = 0; i < 250; i++) {
            xml.append("<Object><Key>logs/").append(i).append(".txt</Key></Object>");
        }
        WireDecoding.Decoded d = decoded(deleteObjects(xml.append("</Delete>").toString()));

        JsonNode objects = d.call().input().get("Delete").get("Objects");
        assertThat(objects).hasSize(250);
        assertThat(objects.get(249).get("Key").asText()).isEqualTo("logs/249.txt");
    }

    @Test
    void deleteObjectsOverS3sLimit_isRefused() {
        StringBuilder xml = new StringBuilder("<Delete>");
        for (int i = 0; i < 1001; i++) {
            xml.append("<Object><Key>k").append(i).append("</Key></Object>");
        }
        refused(deleteObjects(xml.append("</Delete>").toString()));
    }

    @Test
    void checksumThatDoesNotMatchTheBody_isRefused() {
        WireRequest put = S3Captures.load("cli-put-object");

        assertThat(refused(S3Captures.withHeaders(put, Map.of("x-amz-checksum-crc32", "AAAAAA=="))).code())
                .isEqualTo("BadDigest");
        assertThat(refused(S3Captures.withHeaders(put, Map.of("content-md5", "AAAAAAAAAAAAAAAAAAAAAA=="))).code())
                .isEqualTo("BadDigest");
        assertThat(refused(S3Captures.withHeaders(put, Map.of("x-amz-content-sha256", "0".repeat(64)))).code())
                .isEqualTo("XAmzContentSHA256Mismatch");
    }

    // --- aws-chunked ---

    private static String crc32(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return Base64.getEncoder().encodeToString(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static WireRequest chunked(String body, Map<String, String> extra) {
        Map<String, String> headers = new LinkedHashMap<>(Map.of("Content-Encoding", "aws-chunked",
                "x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "x-amz-trailer", "x-amz-checksum-crc32",
                "Content-Type", "text/plain"));
        headers.putAll(extra);
        return request("PUT", "/airlock-demo-reports/chunked.txt", "x-id=PutObject", headers,
                body.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void awsChunkedWithTrailingChecksum_isDecodedAndChecked() {
        String crc = crc32("hello world".getBytes(StandardCharsets.UTF_8));
        WireDecoding.Decoded d = decoded(chunked("6\r\nhello \r\n5\r\nworld\r\n0\r\nx-amz-checksum-crc32:" + crc
                + "\r\n\r\n", Map.of("x-amz-decoded-content-length", "11")));

        assertThat(d.call().input().get("Body").asText()).isEqualTo("hello world");
        assertThat(d.call().input().has("ContentEncoding")).isFalse();
    }

    @Test
    void awsChunkedWithAnotherContentEncoding_keepsIt() {
        String crc = crc32("hi".getBytes(StandardCharsets.UTF_8));
        WireDecoding.Decoded d = decoded(chunked("2\r\nhi\r\n0\r\nx-amz-checksum-crc32:" + crc + "\r\n\r\n",
                Map.of("Content-Encoding", "aws-chunked,gzip")));

        assertThat(d.call().input().get("ContentEncoding").asText()).isEqualTo("gzip");
    }

    @ParameterizedTest
    @ValueSource(strings = {"5\r\nhi\r\n0\r\n\r\n", "2\r\nhi0\r\n\r\n", "zz\r\nhi\r\n0\r\n\r\n",
            "2;foo=bar\r\nhi\r\n0\r\n\r\n", "2\nhi\n0\n\n", "2\r\nhi\r\n0\r\n\r\nextra", "2\r\nhi\r\n",
            "2\r\nhi\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n", "2\r\nhi\r\n0\r\nx-evil:1\r\n\r\n",
            "ffffffff\r\nhi\r\n0\r\n\r\n"})
    void malformedOrMismatchedAwsChunked_isRefused(String body) {
        refused(chunked(body, Map.of()));
    }

    @Test
    void awsChunkedWithoutStreamingSha_isRefused() {
        refused(chunked("2\r\nhi\r\n0\r\n\r\n", Map.of("x-amz-content-sha256", "UNSIGNED-PAYLOAD")));
    }

    @Test
    void decodedLengthThatDisagrees_isRefused() {
        String crc = crc32("hi".getBytes(StandardCharsets.UTF_8));
        refused(chunked("2\r\nhi\r\n0\r\nx-amz-checksum-crc32:" + crc + "\r\n\r\n",
                Map.of("x-amz-decoded-content-length", "3")));
    }

    @Test
    void encode_neverSendsAMemberTheCatalogLacks() {
        WireDecoding.Decoded d = decoded(S3Captures.load("cli-s3-rm"));
        ObjectNode input = d.call().input();
        input.put("ACL", "public-read");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CODEC.encode(
                new dev.airlock.awsapi.AwsCall("t", "s3", "DeleteObject", input), S3, d.operation()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ACL");
    }

    // --- resources the decoded calls resolve to ---

    private static List<String> arns(WireDecoding.Decoded d) {
        dev.airlock.awsapi.catalog.ResourceResolution r = dev.airlock.awsapi.catalog.ResourceResolver.resolve(
                d.operation(), d.call().input(), "aws", "us-east-1", "123456789012");
        assertThat(r).as(r::toString).isInstanceOf(dev.airlock.awsapi.catalog.ResourceResolution.Resolved.class);
        return ((dev.airlock.awsapi.catalog.ResourceResolution.Resolved) r).resources().stream()
                .map(x -> x.arn() + " " + x.actions() + (x.writes() ? " writes" : " reads")).toList();
    }

    @Test
    void copyObject_resolvesTheSourceReadAndTheDestinationWrite() {
        WireDecoding.Decoded d = decoded(S3Captures.withHeaders(S3Captures.load("cli-copy-object"),
                Map.of("x-amz-copy-source", "other-bucket/secret%20plans.txt?versionId=v7")));

        assertThat(arns(d)).containsExactlyInAnyOrder(
                "arn:aws:s3:::other-bucket/secret plans.txt [s3:GetObject] reads",
                "arn:aws:s3:::airlock-demo-reports/copy/a.txt [s3:PutObject] writes");
    }

    @Test
    void copySourceWithAnEncodedPercent_resolvesToTheKeyS3Reads() {
        WireDecoding.Decoded d = decoded(S3Captures.withHeaders(S3Captures.load("cli-copy-object"),
                Map.of("x-amz-copy-source", "src-bucket/100%2541.txt")));

        assertThat(d.call().input().get("CopySource").asText()).isEqualTo("src-bucket/100%2541.txt");
        assertThat(arns(d)).contains("arn:aws:s3:::src-bucket/100%41.txt [s3:GetObject] reads");
        assertThat(CODEC.encode(d.call(), S3, d.operation()).headers())
                .containsEntry("x-amz-copy-source", "src-bucket/100%2541.txt");
    }

    @Test
    void deleteObjectsBatch_resolvesOneResourcePerKey() {
        WireDecoding.Decoded d = decoded(S3Captures.load("cli-delete-objects"));

        assertThat(arns(d)).containsExactly(
                "arn:aws:s3:::airlock-demo-reports/2026/a.txt [s3:DeleteObject] writes",
                "arn:aws:s3:::airlock-demo-reports/2026/b&c.txt [s3:DeleteObject] writes");
    }

    @Test
    void listObjects_resolvesTheBucketWithListBucket() {
        assertThat(arns(decoded(S3Captures.load("cli-s3-ls"))))
                .containsExactly("arn:aws:s3:::airlock-demo-reports [s3:ListBucket] reads");
    }

    @Test
    void encode_copySourceNotInItsCanonicalForm_isRefused() {
        WireDecoding.Decoded d = decoded(S3Captures.load("cli-copy-object"));
        ObjectNode input = d.call().input();
        input.put("CopySource", "airlock-demo-reports/a b.txt");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CODEC.encode(
                new dev.airlock.awsapi.AwsCall("t", "s3", "CopyObject", input), S3, d.operation()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void checkForWire_refusesWhatTheWireCannotCarryFromTheJsonApi() {
        CatalogOperation put = S3.operation("PutObject").orElseThrow();

        assertThat(RestXmlCodec.checkForWire(put, (ObjectNode) json("""
                {"Bucket":"airlock-demo-reports","Key":"a.txt","ContentType":"text/plain","Body":"line\\nline"}""")))
                .isEmpty();
        assertThat(RestXmlCodec.checkForWire(put, (ObjectNode) json("""
                {"Bucket":"airlock-demo-reports","Key":"a.txt","ContentType":"text/plain\\r\\nx-amz-acl: public-read"}""")))
                .hasValueSatisfying(r -> assertThat(r).contains("ContentType"));
        assertThat(RestXmlCodec.checkForWire(put, (ObjectNode) json("""
                {"Bucket":"airlock-demo-reports","Key":"a.txt","Metadata":{"x: y":"z"}}"""))).isPresent();
        assertThat(RestXmlCodec.checkForWire(put, (ObjectNode) json("""
                {"Bucket":"airlock-demo-reports","Key":"../etc/passwd"}"""))).isPresent();
        assertThat(RestXmlCodec.checkForWire(put, (ObjectNode) json("""
                {"Bucket":"Not_A_Bucket","Key":"a"}"""))).isPresent();
    }

    @Test
    void operationName_isWhatTheRequestMatchesOrTheSdksXId() {
        assertThat(CODEC.operationName(S3Captures.load("cli-copy-object"), S3)).hasValue("CopyObject");
        assertThat(CODEC.operationName(get("/airlock-demo-reports", "policy&x-id=PutBucketPolicy"), S3))
                .hasValue("PutBucketPolicy");
        assertThat(CODEC.operationName(get("/airlock-demo-reports", "policy"), S3)).isEmpty();
    }

    @Test
    void queryParameterNames_areCaseSensitiveAsS3ReadsThem() {
        assertThat(refused(get("/airlock-demo-reports", "list-type=2&Prefix=a")).reason()).contains("'Prefix'");
    }
}
