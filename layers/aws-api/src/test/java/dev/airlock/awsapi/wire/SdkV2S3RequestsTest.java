package dev.airlock.awsapi.wire;

import dev.airlock.awsapi.catalog.CatalogService;
import dev.airlock.awsapi.catalog.TestCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the SDK v2 S3 client (2.57.8) sends to {@code http://127.0.0.1:PORT/aws} with path style,
 * captured in process by an HTTP client that records the request and answers 200, then read by the codec.
 */
class SdkV2S3RequestsTest {
    private static final CatalogService S3 = TestCatalog.get().service("s3").orElseThrow();
    private final List<WireRequest> sent = new ArrayList<>();
    private S3Client client;

    @BeforeEach
    void client() {
        client = S3Client.builder()
                .httpClient(new Capturing(sent))
                .endpointOverride(URI.create("http://127.0.0.1:8899/aws"))
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "x")))
                .build();
    }

    @AfterEach
    void close() {
        client.close();
    }

    private WireDecoding.Decoded decodeLast() {
        WireDecoding decoding = new RestXmlCodec().decode(sent.get(sent.size() - 1), S3, "aws-sandbox");
        assertThat(decoding).as(decoding::toString).isInstanceOf(WireDecoding.Decoded.class);
        return (WireDecoding.Decoded) decoding;
    }

    @Test
    void putObject_awsChunkedWithTrailingChecksum_readsAsPutObjectWithItsBody() {
        client.putObject(b -> b.bucket("airlock-demo-reports").key("2026/sdk v2.txt").contentType("text/plain")
                .metadata(Map.of("team", "data")), RequestBody.fromString("hello from sdk v2"));

        WireRequest request = sent.get(0);
        assertThat(request.header("content-encoding")).hasValueSatisfying(v -> assertThat(v).contains("aws-chunked"));
        assertThat(request.header("x-amz-trailer")).isPresent();
        WireDecoding.Decoded d = decodeLast();
        assertThat(d.call().operation()).isEqualTo("PutObject");
        assertThat(d.call().input().get("Key").asText()).isEqualTo("2026/sdk v2.txt");
        assertThat(d.call().input().get("Body").asText()).isEqualTo("hello from sdk v2");
        assertThat(d.call().input().get("Metadata").get("team").asText()).isEqualTo("data");
        assertThat(d.call().input().has("ContentEncoding")).isFalse();
    }

    @Test
    void listObjectsV2_getObject_copyObject_deleteObjects_readAsThemselves() {
        client.listObjectsV2(b -> b.bucket("airlock-demo-reports").prefix("2026/").delimiter("/"));
        assertThat(decodeLast().call().operation()).isEqualTo("ListObjectsV2");

        client.getObject(b -> b.bucket("airlock-demo-reports").key("2026/a.txt").range("bytes=0-9"),
                (response, in) -> null);
        assertThat(decodeLast().call().input().get("Range").asText()).isEqualTo("bytes=0-9");

        client.copyObject(b -> b.sourceBucket("airlock-demo-reports").sourceKey("2026/a b.txt")
                .destinationBucket("airlock-demo-reports").destinationKey("copy/a.txt"));
        WireDecoding.Decoded copy = decodeLast();
        assertThat(copy.call().operation()).isEqualTo("CopyObject");
        assertThat(copy.call().input().get("CopySource").asText()).isEqualTo("airlock-demo-reports/2026/a%20b.txt");

        client.deleteObjects(b -> b.bucket("airlock-demo-reports").delete(Delete.builder()
                .objects(ObjectIdentifier.builder().key("2026/a.txt").build(),
                        ObjectIdentifier.builder().key("2026/<b>.txt").build()).build()));
        WireDecoding.Decoded delete = decodeLast();
        assertThat(delete.call().input().get("Delete").get("Objects")).hasSize(2);
        assertThat(delete.call().input().get("Delete").get("Objects").get(1).get("Key").asText())
                .isEqualTo("2026/<b>.txt");
    }

    @Test
    void headObjectAndDeleteObjectAndListBuckets_readAsThemselves() {
        client.headObject(b -> b.bucket("airlock-demo-reports").key("2026/a.txt"));
        assertThat(decodeLast().call().operation()).isEqualTo("HeadObject");
        client.deleteObject(b -> b.bucket("airlock-demo-reports").key("2026/a.txt"));
        assertThat(decodeLast().call().operation()).isEqualTo("DeleteObject");
        client.listBuckets();
        assertThat(decodeLast().call().operation()).isEqualTo("ListBuckets");
    }

    /** Records each request as Airlock's /aws route would hand it over, and answers a plausible 200. */
    private record Capturing(List<WireRequest> sent) implements SdkHttpClient {
        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() throws IOException {
                    SdkHttpRequest http = request.httpRequest();
                    byte[] body = new byte[0];
                    if (request.contentStreamProvider().isPresent()) {
                        try (InputStream in = request.contentStreamProvider().get().newStream()) {
                            body = in.readAllBytes();
                        }
                    }
                    String path = http.encodedPath();
                    String query = http.encodedQueryParameters().orElse("");
                    Map<String, List<String>> headers = new java.util.LinkedHashMap<>(http.headers());
                    headers.put("Host", List.of(http.host() + ":" + http.port()));
                    sent.add(new WireRequest(http.method().name(), path.substring("/aws".length()), query, headers, body));
                    return HttpExecuteResponse.builder()
                            .response(SdkHttpResponse.builder().statusCode(200)
                                    .putHeader("Content-Length", String.valueOf(answer(http).length)).build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer(http))))
                            .build();
                }

                @Override
                public void abort() {
                }
            };
        }

        private static byte[] answer(SdkHttpRequest http) {
            String xml = http.firstMatchingHeader("x-amz-copy-source").isPresent()
                    ? "<CopyObjectResult><ETag>\"e\"</ETag></CopyObjectResult>"
                    : http.rawQueryParameters().containsKey("delete") ? "<DeleteResult/>"
                    : http.rawQueryParameters().containsKey("list-type") ? "<ListBucketResult><Name>b</Name></ListBucketResult>"
                    : http.encodedPath().equals("/aws") || http.encodedPath().equals("/aws/")
                    ? "<ListAllMyBucketsResult><Buckets/></ListAllMyBucketsResult>" : "";
            return http.method().name().equals("HEAD") ? new byte[0] : xml.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
        }
    }

    @SuppressWarnings("unused")
    private static UncheckedIOException unused(IOException e) {
        return new UncheckedIOException(e);
    }
}
