package dev.airlock.targets.awsapi;

import dev.airlock.awsapi.AwsAnswer;
import dev.airlock.awsapi.AwsSender;
import dev.airlock.awsapi.wire.RebuiltRequest;
import dev.airlock.credentials.aws.StsSessionCredentials;
import dev.airlock.core.model.TargetCredentials;
import dev.airlock.core.port.TargetUnavailableException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.utils.BinaryUtils;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Signs each rebuilt request with the call's own STS session, using the SDK v2 SigV4 signer, and
 * sends it to the account's endpoint for the service. The request signed is exactly the one the
 * engine rebuilt; nothing from the agent's own request reaches it.
 */
public final class SigV4AwsSender implements AwsSender, AutoCloseable {
    /** Answers above this size are refused rather than held in the gateway's memory. */
    public static final int DEFAULT_MAX_ANSWER_BYTES = 32 * 1024 * 1024;
    /** Lambda answers at most 6 MB, base64 included: a larger AWS answer is refused with a clear problem. */
    public static final int LAMBDA_MAX_ANSWER_BYTES = 4 * 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(SigV4AwsSender.class.getName());

    private final Optional<URI> endpointOverride;
    private final SdkHttpClient http;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final int maxAnswerBytes;

    /**
     * @param endpointOverride one endpoint for every service (an emulator such as moto_server); empty for AWS's own
     *                         regional endpoints
     */
    public SigV4AwsSender(Optional<URI> endpointOverride, SdkHttpClient http, int maxAnswerBytes) {
        this.endpointOverride = Objects.requireNonNull(endpointOverride, "endpointOverride");
        this.http = Objects.requireNonNull(http, "http");
        this.maxAnswerBytes = maxAnswerBytes;
    }

    @Override
    public AwsAnswer send(RebuiltRequest request, String signingName, String region, TargetCredentials credentials)
            throws TargetUnavailableException {
        if (!(credentials instanceof StsSessionCredentials session)) {
            throw new TargetUnavailableException("No STS session was issued for this call, so nothing was sent.", null);
        }
        boolean s3 = signingName.equals("s3");
        URI endpoint = endpointOverride.orElseGet(() -> URI.create("https://" + signingName + "." + region
                + ".amazonaws.com"));
        byte[] body = request.body();
        SdkHttpFullRequest.Builder builder = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.fromValue(request.method()))
                .protocol(endpoint.getScheme())
                .host(endpoint.getHost())
                .port(endpoint.getPort() < 0 ? null : endpoint.getPort())
                .encodedPath(joinPath(endpoint.getRawPath(), request.encodedPath()));
        request.query().forEach(parameter -> builder.appendRawQueryParameter(parameter.getKey(), parameter.getValue()));
        request.headers().forEach(builder::putHeader);
        if (body.length > 0 || request.method().equals("PUT") || request.method().equals("POST")) {
            builder.putHeader("Content-Length", Integer.toString(body.length));
        }
        if (s3) {
            // S3 refuses a request without the payload hash it signs; every other service derives it.
            builder.putHeader("x-amz-content-sha256", sha256Hex(body));
        }
        SdkHttpRequest unsigned = builder.build();
        SignedRequest signed = signer.sign(r -> r.identity(session.credentials())
                .request(unsigned)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, !s3)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, !s3)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true));
        HttpExecuteRequest execute = HttpExecuteRequest.builder().request(signed.request())
                .contentStreamProvider(body.length == 0 ? null : ContentStreamProvider.fromByteArray(body)).build();
        ExecutableHttpRequest call = http.prepareRequest(execute);
        try {
            HttpExecuteResponse response = call.call();
            byte[] answer = response.responseBody().isPresent() ? readCapped(response.responseBody().get()) : new byte[0];
            return new AwsAnswer(response.httpResponse().statusCode(), response.httpResponse().headers(), answer);
        } catch (AnswerTooLargeException e) {
            throw new TargetUnavailableException("AWS answered with more than " + maxAnswerBytes / (1024 * 1024)
                    + " MiB, which Airlock does not pass through: ask for less (a Range, a smaller page).", null);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "AWS call to " + signingName + " failed", e);
            throw new TargetUnavailableException("The " + signingName + " endpoint could not be reached ("
                    + e.getClass().getSimpleName() + "); nothing was changed by Airlock. Retry later.", null);
        }
    }

    private byte[] readCapped(InputStream in) throws IOException {
        try (in) {
            byte[] bytes = in.readNBytes(maxAnswerBytes + 1);
            if (bytes.length > maxAnswerBytes) {
                throw new AnswerTooLargeException();
            }
            return bytes;
        }
    }

    private static final class AnswerTooLargeException extends RuntimeException {
        AnswerTooLargeException() {
            super(null, null, false, false);
        }
    }

    static String joinPath(String base, String path) {
        String prefix = base == null || base.equals("/") ? "" : base.replaceAll("/+$", "");
        return prefix + (path.startsWith("/") ? path : "/" + path);
    }

    private static String sha256Hex(byte[] body) {
        try {
            return BinaryUtils.toHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "SigV4AwsSender[" + endpointOverride.map(URI::toString).orElse("AWS endpoints") + "]";
    }

}
