package dev.airlock.cli;

import dev.airlock.identity.AwsIamSubjectToken;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An agent's AWS identity as a subject token for {@code POST /v1/token}: an
 * {@code sts:GetCallerIdentity} request signed with SigV4 (with the {@code X-Airlock-Server-ID}
 * header among the signed ones) but not sent; the gateway sends it to STS and learns who signed it.
 */
final class AwsIamSubjectTokens {
    static final String GLOBAL_ENDPOINT = "https://sts.amazonaws.com/";
    private static final Pattern REGIONAL = Pattern.compile("sts\\.([a-z0-9-]+)\\.amazonaws\\.com");

    private AwsIamSubjectTokens() {
    }

    /** https://sts.REGION.amazonaws.com/ for a region, the global endpoint without one. */
    static String endpoint(String region) {
        return region == null ? GLOBAL_ENDPOINT : "https://sts." + region + ".amazonaws.com/";
    }

    /** The region to sign for: the given one, the endpoint's, else us-east-1 (the global endpoint's). */
    static String signingRegion(String endpoint, String region) {
        if (region != null) {
            return region;
        }
        Matcher regional = REGIONAL.matcher(String.valueOf(URI.create(endpoint).getHost()));
        return regional.matches() ? regional.group(1) : "us-east-1";
    }

    static String sign(AwsCredentialsIdentity credentials, String endpoint, String region, String serverId) {
        SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(URI.create(endpoint))
                .putHeader("Content-Type", AwsIamSubjectToken.CONTENT_TYPE)
                .putHeader(AwsIamSubjectToken.SERVER_ID_HEADER, serverId)
                .build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(credentials).request(unsigned)
                .payload(ContentStreamProvider.fromUtf8String(AwsIamSubjectToken.BODY))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
                .putProperty(AwsV4HttpSigner.REGION_NAME, signingRegion(endpoint, region)));
        Map<String, String> headers = new LinkedHashMap<>();
        signed.request().forEachHeader((name, values) -> headers.put(name, String.join(",", values)));
        return AwsIamSubjectToken.encode("POST", endpoint, headers, AwsIamSubjectToken.BODY);
    }
}
