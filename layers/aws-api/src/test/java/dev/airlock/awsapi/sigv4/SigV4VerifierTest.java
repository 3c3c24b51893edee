package dev.airlock.awsapi.sigv4;

import dev.airlock.awsapi.sigv4.SigV4Result.Refused;
import dev.airlock.awsapi.sigv4.SigV4Result.Verified;
import dev.airlock.awsapi.wire.WireRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static dev.airlock.awsapi.sigv4.SdkSigned.NOW;
import static dev.airlock.awsapi.sigv4.SdkSigned.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

/** Requests the AWS SDK v2 signer signs verify; each tampering is refused with the code AWS would answer. */
class SigV4VerifierTest {

    private static SigV4Result verify(WireRequest request) {
        return SigV4Verifier.verify(request, "/aws", NOW);
    }

    private static Verified verified(WireRequest request) {
        SigV4Result result = verify(request);
        assertThat(result).isInstanceOf(Verified.class);
        return (Verified) result;
    }

    private static Refused refused(WireRequest request, String code) {
        SigV4Result result = verify(request);
        assertThat(result).isInstanceOf(Refused.class);
        Refused refused = (Refused) result;
        assertThat(refused.code()).as(refused.reason()).isEqualTo(code);
        assertThat(refused.reason()).doesNotContain(TOKEN);
        String authorization = request.header("authorization").orElse("");
        if (authorization.contains("Signature=")) {
            assertThat(refused.reason()).doesNotContain(authorization.substring(authorization.indexOf("Signature=") + 10));
        }
        return refused;
    }

    private static WireRequest withHeaders(WireRequest request, UnaryOperator<Map<String, List<String>>> change) {
        Map<String, List<String>> headers = new HashMap<>();
        request.headers().forEach((name, values) -> headers.put(name, new ArrayList<>(values)));
        return new WireRequest(request.method(), request.rawPath(), request.rawQuery(), change.apply(headers),
                request.body());
    }

    private static WireRequest withBody(WireRequest request, String body) {
        return new WireRequest(request.method(), request.rawPath(), request.rawQuery(), request.headers(),
                body.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static WireRequest withHeader(WireRequest request, String name, String value) {
        return withHeaders(request, h -> {
            h.put(name, List.of(value));
            return h;
        });
    }

    private static WireRequest s3List() {
        return SdkSigned.http("GET", "/aws/airlock-demo-reports").query("list-type", "2").query("prefix", "2026/")
                .query("delimiter", "/").query("encoding-type", "url").sign();
    }

    private static WireRequest dynamoDbGetItem() {
        return SdkSigned.http("POST", "/aws/").service("dynamodb")
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "DynamoDB_20120810.GetItem")
                .body("{\"TableName\":\"orders\",\"Key\":{\"id\":{\"S\":\"42\"}}}").sign();
    }

    @Test
    void s3ListWithSignedPayload_verifiesWithScopeAndToken() {
        Verified verified = verified(s3List());

        assertThat(verified.scope()).isEqualTo(new SigV4Scope("aws-sandbox", "20261202", "us-east-1", "s3"));
        assertThat(verified.sessionToken()).isEqualTo(TOKEN);
        assertThat(verified.toString()).doesNotContain(TOKEN);
    }

    @Test
    void s3PutWithSignedPayload_verifies() {
        WireRequest put = SdkSigned.http("PUT", "/aws/airlock-demo-reports/2026/report.csv")
                .header("Content-Type", "text/csv").body("id,total\n1,42\n").sign();

        assertThat(put.header("x-amz-content-sha256").orElseThrow()).matches("[0-9a-f]{64}");
        verified(put);
    }

    @Test
    void s3PutWithUnsignedPayload_verifies() {
        WireRequest put = SdkSigned.https("PUT", "/aws/airlock-demo-reports/report.csv").unsignedPayload()
                .body("id,total\n").sign();

        assertThat(put.header("x-amz-content-sha256")).hasValue("UNSIGNED-PAYLOAD");
        verified(put);
    }

    @Test
    void s3KeysWithSpacesUnicodePlusAndEncodedSlash_verifyAsSent() {
        verified(SdkSigned.http("GET", "/aws/bucket/a%20b/%C3%BCber%2Bplus%2Fslash/%252F~key.txt").sign());
        verified(SdkSigned.http("GET", "/aws/bucket/dir//./../x").sign());
    }

    @Test
    void s3QueryWithOddValues_verifies() {
        verified(SdkSigned.http("GET", "/aws/bucket").query("prefix", "a b/ü+%2F*~'()!").query("list-type", "2")
                .query("delimiter", "/").sign());
    }

    @Test
    void s3SignedChunks_verifyEachChunk() {
        WireRequest chunked = SdkSigned.http("PUT", "/aws/bucket/key").chunked().body("hello chunks".repeat(20000))
                .sign();
        assertThat(chunked.header("x-amz-content-sha256")).hasValue("STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
        assertThat(AwsChunkedBody.parse(chunked.body(), true).orElseThrow().chunks()).hasSizeGreaterThan(2);

        verified(chunked);
        assertThat(AwsChunkedBody.parse(chunked.body(), true).orElseThrow().payload())
                .isEqualTo("hello chunks".repeat(20000).getBytes(StandardCharsets.UTF_8));
        refused(withHeader(chunked, "x-amz-date", "20261202T181522Z"), "SignatureDoesNotMatch");
        refused(withHeader(chunked, "x-amz-decoded-content-length", "5"), "SignatureDoesNotMatch");
        assertThat(refused(SdkSigned.http("PUT", "/aws/bucket/key").chunked().header("x-amz-decoded-content-length", "5")
                .body("hello chunks").sign(), "IncompleteSignature").reason()).contains("Decoded-Content-Length");
    }

    @Test
    void s3SignedChunks_whenAChunkIsChanged_isRefused() {
        WireRequest chunked = SdkSigned.http("PUT", "/aws/bucket/key").chunked().body("hello chunks").sign();
        String body = new String(chunked.body(), StandardCharsets.ISO_8859_1);

        assertThat(refused(withBody(chunked, body.replace("hello", "HELLO")), "SignatureDoesNotMatch").reason())
                .contains("chunk signature");
        refused(withBody(chunked, body.substring(0, body.length() - 2)), "IncompleteSignature");
        refused(withBody(chunked, body + "x"), "IncompleteSignature");
    }

    @Test
    void s3SignedChunksWithChecksumTrailer_verifyAndATamperedTrailerIsRefused() {
        WireRequest chunked = SdkSigned.http("PUT", "/aws/bucket/key").chunked().crc32().body("hello trailer").sign();
        assertThat(chunked.header("x-amz-content-sha256")).hasValue("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER");

        verified(chunked);
        String body = new String(chunked.body(), StandardCharsets.ISO_8859_1);
        String crc = body.substring(body.indexOf("x-amz-checksum-crc32:") + 21, body.indexOf("\r\n",
                body.indexOf("x-amz-checksum-crc32:")));
        assertThat(refused(withBody(chunked, body.replace(crc, "AAAAAA==")), "SignatureDoesNotMatch").reason())
                .contains("trailer");
    }

    @Test
    void s3UnsignedChunksWithChecksumTrailer_verify() {
        WireRequest chunked = SdkSigned.https("PUT", "/aws/bucket/key").unsignedPayload().chunked().crc32()
                .body("hello unsigned").sign();
        assertThat(chunked.header("x-amz-content-sha256")).hasValue("STREAMING-UNSIGNED-PAYLOAD-TRAILER");

        verified(chunked);
        assertThat(AwsChunkedBody.parse(chunked.body(), false).orElseThrow().payload())
                .isEqualTo("hello unsigned".getBytes(StandardCharsets.UTF_8));
        refused(withBody(chunked, "not chunked"), "IncompleteSignature");
    }

    @Test
    void dynamoDbJson_verifies() {
        Verified verified = verified(dynamoDbGetItem());

        assertThat(verified.scope().service()).isEqualTo("dynamodb");
    }

    @Test
    void ec2QueryFormInBody_verifies() {
        verified(SdkSigned.http("POST", "/aws/").service("ec2")
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .body("Action=DescribeInstances&Version=2016-11-15&InstanceId.1=i-0123").sign());
    }

    @Test
    void ec2QueryInUrlWithOddValues_verifies() {
        verified(SdkSigned.http("GET", "/aws/").service("ec2").region("eu-west-3").query("Action", "DescribeTags")
                .query("Version", "2016-11-15").query("Filter.1.Value.1", "a b+c/d ü*~")
                .query("Filter.1.Name", "tag:Name").sign());
    }

    @Test
    void nonS3PathWithReservedCharacters_verifiesDoubleEncoded() {
        verified(SdkSigned.http("GET", "/aws/2015-03-31/functions/my%20fn%3Aprod/configuration").service("lambda")
                .sign());
    }

    @Test
    void nonS3PathThatNormalisingWouldChange_isRefused() {
        WireRequest dotted = SdkSigned.http("GET", "/aws/2015-03-31/functions/./x").service("lambda").sign();

        assertThat(refused(dotted, "SignatureDoesNotMatch").reason()).contains("normalised");
    }

    @Test
    void tamperedMethod_isRefused() {
        WireRequest request = s3List();
        refused(new WireRequest("DELETE", request.rawPath(), request.rawQuery(), request.headers(), request.body()),
                "SignatureDoesNotMatch");
    }

    @Test
    void tamperedPath_isRefused() {
        WireRequest request = s3List();
        refused(new WireRequest("GET", "/other-bucket", request.rawQuery(), request.headers(), request.body()),
                "SignatureDoesNotMatch");
        assertThat(SigV4Verifier.verify(request, "/elsewhere", NOW)).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.code()).isEqualTo("SignatureDoesNotMatch"));
    }

    @Test
    void tamperedQuery_isRefused() {
        WireRequest request = s3List();
        refused(new WireRequest("GET", request.rawPath(), request.rawQuery().replace("2026", "2025"),
                request.headers(), request.body()), "SignatureDoesNotMatch");
        refused(new WireRequest("GET", request.rawPath(), request.rawQuery() + "&max-keys=1", request.headers(),
                request.body()), "SignatureDoesNotMatch");
    }

    @Test
    void tamperedSignedHeader_isRefused() {
        refused(withHeader(dynamoDbGetItem(), "x-amz-target", "DynamoDB_20120810.DeleteItem"), "SignatureDoesNotMatch");
        refused(withHeader(dynamoDbGetItem(), "host", "evil.example:8080"), "SignatureDoesNotMatch");
    }

    @Test
    void tamperedBody_isRefused() {
        WireRequest item = dynamoDbGetItem();
        refused(new WireRequest("POST", item.rawPath(), item.rawQuery(), item.headers(),
                "{\"TableName\":\"secrets\"}".getBytes(StandardCharsets.UTF_8)), "XAmzContentSHA256Mismatch");

        WireRequest put = SdkSigned.http("PUT", "/aws/bucket/key").body("original").sign();
        refused(new WireRequest("PUT", put.rawPath(), put.rawQuery(), put.headers(),
                "tampered".getBytes(StandardCharsets.UTF_8)), "XAmzContentSHA256Mismatch");
    }

    @Test
    void tamperedRegionOrServiceInScope_isRefused() {
        WireRequest request = s3List();
        String authorization = request.header("authorization").orElseThrow();
        refused(withHeader(request, "authorization", authorization.replace("/us-east-1/", "/eu-west-1/")),
                "SignatureDoesNotMatch");
        refused(withHeader(request, "authorization", authorization.replace("/s3/", "/s3express/")),
                "SignatureDoesNotMatch");
    }

    /** SigV4 never signs the access key id: the caller must check the agent may use the target it names. */
    @Test
    void accessKeyId_isNotSignedSoTheScopeReportsWhatWasSent() {
        WireRequest request = s3List();
        String authorization = request.header("authorization").orElseThrow();

        assertThat(verified(withHeader(request, "authorization", authorization.replace("aws-sandbox/", "aws-prod/")))
                .scope().accessKeyId()).isEqualTo("aws-prod");
    }

    @Test
    void tamperedDate_isRefused() {
        WireRequest request = s3List();
        refused(withHeader(request, "x-amz-date", "20261202T181621Z"), "SignatureDoesNotMatch");
        String authorization = request.header("authorization").orElseThrow();
        assertThat(refused(withHeader(request, "authorization", authorization.replace("/20261202/", "/20261201/")),
                "SignatureDoesNotMatch").reason()).contains("Credential scope");
    }

    @Test
    void anotherAgentsToken_isRefused() {
        refused(withHeader(s3List(), "x-amz-security-token", TOKEN + "x"), "SignatureDoesNotMatch");
    }

    @Test
    void unsignedAmzHeader_isRefused() {
        WireRequest extra = withHeader(s3List(), "x-amz-copy-source", "/secrets/key");

        assertThat(refused(extra, "IncompleteSignature").reason()).contains("x-amz-copy-source");
    }

    @Test
    void signedHeaderMissingFromTheRequest_isRefused() {
        refused(withHeaders(dynamoDbGetItem(), h -> {
            h.remove("x-amz-target");
            return h;
        }), "IncompleteSignature");
    }

    @Test
    void dateOutsideFifteenMinutes_isExpired() {
        WireRequest request = s3List();

        assertThat(SigV4Verifier.verify(request, "/aws", NOW.plus(Duration.ofMinutes(15)))).isInstanceOf(Verified.class);
        assertThat(SigV4Verifier.verify(request, "/aws", NOW.plus(Duration.ofMinutes(16))))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.code()).isEqualTo("RequestExpired"));
        assertThat(SigV4Verifier.verify(request, "/aws", NOW.minus(Duration.ofMinutes(16))))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.code()).isEqualTo("RequestExpired"));
    }

    @Test
    void missingOrRepeatedCredentials_areRefused() {
        WireRequest request = s3List();
        refused(withHeaders(request, h -> {
            h.remove("authorization");
            return h;
        }), "MissingAuthenticationToken");
        refused(withHeaders(request, h -> {
            h.remove("x-amz-security-token");
            return h;
        }), "MissingAuthenticationToken");
        refused(withHeaders(request, h -> {
            h.get("authorization").add(h.get("authorization").get(0));
            return h;
        }), "IncompleteSignature");
        refused(withHeaders(request, h -> {
            h.get("x-amz-security-token").add("other");
            return h;
        }), "IncompleteSignature");
        refused(withHeaders(request, h -> {
            h.remove("x-amz-date");
            return h;
        }), "IncompleteSignature");
    }

    @Test
    void otherAlgorithmsAndPresignedUrls_areRefused() {
        WireRequest request = s3List();
        assertThat(refused(withHeader(request, "authorization", "AWS aws-sandbox:c2ln"), "IncompleteSignature")
                .reason()).contains("AWS4-HMAC-SHA256");
        assertThat(refused(new WireRequest("GET", "/bucket/key", "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=00",
                request.headers(), new byte[0]), "IncompleteSignature").reason()).contains("presigned");
    }

    @Test
    void rawPlusInQuery_isRefused() {
        WireRequest request = s3List();
        refused(new WireRequest("GET", request.rawPath(), "prefix=a+b", request.headers(), new byte[0]),
                "IncompleteSignature");
    }

    @Test
    void signedHeadersWithoutSecurityToken_isRefused() {
        WireRequest request = s3List();
        String authorization = request.header("authorization").orElseThrow().replace(";x-amz-security-token", "");
        refused(withHeader(request, "authorization", authorization), "IncompleteSignature");
    }

    @Test
    void derivedSecret_isStableUrlSafeAndPerToken() {
        assertThat(DerivedSecret.of(TOKEN)).isEqualTo(DerivedSecret.of(TOKEN)).matches("[A-Za-z0-9_-]{43}")
                .isNotEqualTo(DerivedSecret.of(TOKEN + "x"));
    }
}
