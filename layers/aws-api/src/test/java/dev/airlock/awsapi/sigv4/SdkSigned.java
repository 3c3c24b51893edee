package dev.airlock.awsapi.sigv4;

import dev.airlock.awsapi.wire.WireRequest;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Requests signed by the AWS SDK v2's own SigV4 signer, as an SDK pointed at Airlock's /aws endpoint sends them. */
final class SdkSigned {
    static final Instant NOW = Instant.parse("2026-12-02T18:15:21Z");
    static final String TOKEN = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJyZXBvcnRlciJ9.c2lnbmF0dXJl";
    static final String TARGET = "aws-sandbox";

    private final String method;
    private final String scheme;
    private final String encodedPath;
    private final Map<String, List<String>> query = new LinkedHashMap<>();
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private byte[] body = new byte[0];
    private String service = "s3";
    private String region = "us-east-1";
    private boolean payloadSigning = true;
    private boolean chunked;
    private boolean checksum;
    private String token = TOKEN;

    private SdkSigned(String method, String scheme, String encodedPath) {
        this.method = method;
        this.scheme = scheme;
        this.encodedPath = encodedPath;
    }

    /** @param encodedPath the path the SDK sends, /aws prefix included */
    static SdkSigned http(String method, String encodedPath) {
        return new SdkSigned(method, "http", encodedPath);
    }

    /** Over HTTPS the SDK honours payload signing being off (over HTTP it always signs the payload). */
    static SdkSigned https(String method, String encodedPath) {
        return new SdkSigned(method, "https", encodedPath);
    }

    SdkSigned query(String name, String value) {
        query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        return this;
    }

    SdkSigned header(String name, String value) {
        headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        return this;
    }

    SdkSigned body(String text) {
        body = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    SdkSigned service(String name) {
        service = name;
        return this;
    }

    SdkSigned region(String name) {
        region = name;
        return this;
    }

    SdkSigned unsignedPayload() {
        payloadSigning = false;
        return this;
    }

    SdkSigned chunked() {
        chunked = true;
        return this;
    }

    /** A CRC32 checksum, sent as a trailer when the body is chunked. */
    SdkSigned crc32() {
        checksum = true;
        return this;
    }

    SdkSigned token(String value) {
        token = value;
        return this;
    }

    WireRequest sign() {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method))
                .protocol(scheme).host("127.0.0.1").port(scheme.equals("http") ? 8080 : 8443).encodedPath(encodedPath);
        query.forEach(request::putRawQueryParameter);
        headers.forEach(request::putHeader);
        if (body.length > 0 || chunked) {
            request.putHeader("Content-Length", Integer.toString(body.length));
        }
        if (chunked && !headers.containsKey("x-amz-decoded-content-length")) {
            request.putHeader("x-amz-decoded-content-length", Integer.toString(body.length));
        }
        boolean s3 = service.equals("s3");
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsSessionCredentialsIdentity.create(TARGET, DerivedSecret.of(token), token))
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, !s3)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, !s3)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, payloadSigning)
                .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, chunked)
                .putProperty(AwsV4HttpSigner.CHECKSUM_ALGORITHM, checksum ? DefaultChecksumAlgorithm.CRC32 : null)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(NOW, ZoneOffset.UTC)));
        SdkHttpRequest sent = signed.request();
        String path = sent.encodedPath();
        if (!path.startsWith("/aws")) {
            throw new IllegalArgumentException("paths start with the /aws mount: " + path);
        }
        String rawQuery = sent.getUri().getRawQuery();
        return new WireRequest(sent.method().name(), path.substring("/aws".length()), rawQuery, sent.headers(),
                signed.payload().map(SdkSigned::bytes).orElse(new byte[0]));
    }

    private static byte[] bytes(ContentStreamProvider provider) {
        try (InputStream in = provider.newStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
