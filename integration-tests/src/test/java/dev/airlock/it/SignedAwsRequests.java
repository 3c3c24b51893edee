package dev.airlock.it;

import dev.airlock.awsapi.sigv4.DerivedSecret;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Requests to {@code /aws} signed as an SDK signs them, with the agent's credentials from
 * {@code airlock credentials} (access key id = target, session token = gateway token), for
 * callers that are not an SDK: API Gateway events, and hostile requests an SDK would never send.
 */
final class SignedAwsRequests {
    private SignedAwsRequests() {
    }

    /**
     * @param uri     the full URL, path and raw query included ({@code http://host/aws/bucket?list-type=2})
     * @param headers extra headers to send and sign ({@code x-amz-copy-source}, ...)
     * @return every header to send, the signature included
     */
    static Map<String, String> sign(String token, String target, String region, String service, String method,
                                    URI uri, Map<String, String> headers, byte[] body) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
        headers.forEach(request::putHeader);
        boolean s3 = service.equals("s3");
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsSessionCredentials.create(target, DerivedSecret.of(token), token))
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, !s3)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, !s3)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true));
        Map<String, String> all = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        signed.request().headers().forEach((name, values) -> all.put(name, String.join(",", values)));
        all.putIfAbsent("host", uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()));
        return all;
    }

    static Map<String, String> sign(String token, String target, String region, String service, String method,
                                    URI uri) {
        return sign(token, target, region, service, method, uri, Map.of(), new byte[0]);
    }

    /** What the gateway answered a raw request. */
    record Answer(int status, String body) {
    }

    /**
     * Sends exactly these headers (Host included, which HTTP clients will not let a caller choose)
     * over a plain socket to the gateway at {@code gateway}, as a hostile client can.
     */
    static Answer sendRaw(URI gateway, String method, String pathAndQuery, Map<String, String> headers, byte[] body) {
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(60_000);
            StringBuilder head = new StringBuilder(method + " " + pathAndQuery + " HTTP/1.1\r\n");
            headers.forEach((name, value) -> {
                if (!name.equalsIgnoreCase("content-length") && !name.equalsIgnoreCase("connection")) {
                    head.append(name).append(": ").append(value).append("\r\n");
                }
            });
            head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(answer.substring(answer.indexOf(' ') + 1, answer.indexOf(' ') + 4));
            int bodyStart = answer.indexOf("\r\n\r\n");
            Evidence.write(Evidence.dirOfCurrentTest().resolve(Evidence.nextName("raw-aws") + ".txt"), answer);
            return new Answer(status, bodyStart < 0 ? "" : answer.substring(bodyStart + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
