package dev.airlock.awsapi.sigv4;

import dev.airlock.awsapi.sigv4.SigV4Result.Refused;
import dev.airlock.awsapi.sigv4.SigV4Result.Verified;
import dev.airlock.awsapi.wire.WireRequest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static dev.airlock.awsapi.sigv4.SigV4Result.Refused.CONTENT_SHA256_MISMATCH;
import static dev.airlock.awsapi.sigv4.SigV4Result.Refused.INCOMPLETE_SIGNATURE;
import static dev.airlock.awsapi.sigv4.SigV4Result.Refused.MISSING_AUTHENTICATION_TOKEN;
import static dev.airlock.awsapi.sigv4.SigV4Result.Refused.REQUEST_EXPIRED;
import static dev.airlock.awsapi.sigv4.SigV4Result.Refused.SIGNATURE_DOES_NOT_MATCH;

/**
 * Verifies the SigV4 signature of a request an unmodified AWS SDK or CLI sent to Airlock, signed with
 * the secret {@link DerivedSecret derived} from the gateway token it carries as X-Amz-Security-Token.
 * Follows the SigV4 specification as the SDKs sign; the SDKs cannot verify, so it is written out here.
 * Fails closed: whatever is not exactly what an SDK sends is refused with AWS's error code and one line.
 *
 * <p>What it demands beyond the specification: X-Amz-Date (the SDKs never sign with Date alone), and
 * host, x-amz-date, x-amz-security-token and every x-amz-* header the request has in SignedHeaders;
 * non-S3 paths already normalised (no '.', '..' or '//'), so that the path verified is the path read;
 * no raw '+' in the query. An aws-chunked body (STREAMING-*) must be well formed and as long as
 * X-Amz-Decoded-Content-Length says, its chunk and trailer signatures chained from the request's;
 * callers read its payload with {@link AwsChunkedBody}. The access key id is not signed (SigV4 never
 * signs it): the caller checks the agent may use the target it names, and the scope's region and service.
 */
public final class SigV4Verifier {
    /** How far X-Amz-Date may be from now, either way, as AWS allows. */
    public static final Duration MAX_SKEW = Duration.ofMinutes(15);

    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    static final String STREAMING_UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
    static final String STREAMING_SIGNED = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    static final String STREAMING_SIGNED_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";

    private static final Set<String> PRESIGNED_PARAMETERS = Set.of("x-amz-signature", "x-amz-algorithm",
            "x-amz-credential");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withResolverStyle(ResolverStyle.STRICT);

    private SigV4Verifier() {
    }

    /**
     * @param request   the request as received, its path without the mount prefix
     * @param mountPath where Airlock's AWS endpoint is mounted ({@code /aws}): the SDK signed it as part of the path
     * @param now       the gateway's clock
     */
    public static SigV4Result verify(WireRequest request, String mountPath, Instant now) {
        Optional<List<Canonical.Parameter>> parameters = Canonical.parameters(request.rawQuery());
        if (parameters.isEmpty()) {
            return refused(INCOMPLETE_SIGNATURE, "the query string has a broken percent-escape, an empty name or a raw "
                    + "'+' (encode it as %2B)");
        }
        if (parameters.get().stream().anyMatch(p -> PRESIGNED_PARAMETERS.contains(p.name().toLowerCase(Locale.ROOT)))) {
            return refused(INCOMPLETE_SIGNATURE, "presigned URLs (query-string signatures) are not accepted; sign the "
                    + "Authorization header with the credentials from `airlock credentials`");
        }
        int authorizations = request.headerCount("authorization");
        if (authorizations == 0) {
            return refused(MISSING_AUTHENTICATION_TOKEN, "the request has no Authorization header; sign it with the "
                    + "credentials from `airlock credentials`");
        }
        if (authorizations > 1) {
            return refused(INCOMPLETE_SIGNATURE, "the request has more than one Authorization header");
        }
        AuthorizationHeader authorization;
        switch (AuthorizationHeader.parse(request.header("authorization").orElseThrow())) {
            case AuthorizationHeader.Ok ok -> authorization = ok.header();
            case AuthorizationHeader.Malformed malformed -> {
                return refused(INCOMPLETE_SIGNATURE, malformed.reason());
            }
        }
        int tokens = request.headerCount("x-amz-security-token");
        if (tokens == 0 || request.header("x-amz-security-token").orElseThrow().isBlank()) {
            return refused(MISSING_AUTHENTICATION_TOKEN, "the request has no X-Amz-Security-Token; use the session "
                    + "token from `airlock credentials`");
        }
        if (tokens > 1) {
            return refused(INCOMPLETE_SIGNATURE, "the request has more than one X-Amz-Security-Token header");
        }
        String token = request.header("x-amz-security-token").orElseThrow();

        if (request.headerCount("x-amz-date") != 1) {
            return refused(INCOMPLETE_SIGNATURE, "the request needs exactly one X-Amz-Date header");
        }
        String amzDate = request.header("x-amz-date").orElseThrow();
        Instant signedAt;
        try {
            signedAt = LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return refused(INCOMPLETE_SIGNATURE, "X-Amz-Date must be yyyyMMdd'T'HHmmss'Z'");
        }
        SigV4Scope scope = authorization.scope();
        if (!amzDate.startsWith(scope.date())) {
            return refused(SIGNATURE_DOES_NOT_MATCH, "the date in the Credential scope (" + scope.date()
                    + ") is not the date of X-Amz-Date (" + amzDate.substring(0, 8) + ")");
        }
        if (Duration.between(signedAt, now).abs().compareTo(MAX_SKEW) > 0) {
            return refused(REQUEST_EXPIRED, "the request was signed at " + amzDate + ", more than "
                    + MAX_SKEW.toMinutes() + " minutes from the gateway's time " + AMZ_DATE.format(
                    now.atOffset(ZoneOffset.UTC)));
        }

        List<String> signed = authorization.signedHeaders();
        for (String required : List.of("host", "x-amz-date", "x-amz-security-token")) {
            if (!signed.contains(required)) {
                return refused(INCOMPLETE_SIGNATURE, "SignedHeaders must include " + required);
            }
        }
        for (String header : request.headers().keySet()) {
            if (header.startsWith("x-amz-") && !signed.contains(header)) {
                return refused(INCOMPLETE_SIGNATURE, "the header " + header + " is not signed; every x-amz-* header "
                        + "must be in SignedHeaders");
            }
        }
        for (String header : signed) {
            if (request.headerCount(header) == 0) {
                return refused(INCOMPLETE_SIGNATURE, "SignedHeaders lists " + header + ", which the request does not have");
            }
        }

        int contentHashes = request.headerCount("x-amz-content-sha256");
        if (contentHashes > 1) {
            return refused(INCOMPLETE_SIGNATURE, "the request has more than one X-Amz-Content-SHA256 header");
        }
        String bodyHash = HexFormat.of().formatHex(sha256(request.body()));
        String payloadHash = request.header("x-amz-content-sha256").orElse(bodyHash);
        switch (payloadHash) {
            case UNSIGNED_PAYLOAD, STREAMING_UNSIGNED_TRAILER, STREAMING_SIGNED, STREAMING_SIGNED_TRAILER -> {
            }
            default -> {
                if (!payloadHash.matches("[0-9a-f]{64}")) {
                    return refused(INCOMPLETE_SIGNATURE, "X-Amz-Content-SHA256 must be the body's SHA-256 in lower-case "
                            + "hex, UNSIGNED-PAYLOAD, " + STREAMING_UNSIGNED_TRAILER + " or " + STREAMING_SIGNED);
                }
                if (!payloadHash.equals(bodyHash)) {
                    return refused(CONTENT_SHA256_MISMATCH, "X-Amz-Content-SHA256 is not the SHA-256 of the body");
                }
            }
        }

        Optional<String> canonicalUri = canonicalUri(mountPath + request.rawPath(), scope.service());
        if (canonicalUri.isEmpty()) {
            return refused(SIGNATURE_DOES_NOT_MATCH, "the path has '.', '..' or empty segments; Airlock verifies "
                    + scope.service() + " requests only on normalised paths");
        }
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String header : signed) {
            canonicalHeaders.append(header).append(':').append(Canonical.headerValue(request.headers().get(header)))
                    .append('\n');
        }
        String canonicalRequest = request.method() + "\n" + canonicalUri.get() + "\n"
                + Canonical.query(parameters.get()) + "\n" + canonicalHeaders + "\n"
                + authorization.signedHeadersValue() + "\n" + payloadHash;
        String stringToSign = AuthorizationHeader.ALGORITHM + "\n" + amzDate + "\n" + scope.credentialScope() + "\n"
                + HexFormat.of().formatHex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] signingKey = signingKey(DerivedSecret.of(token), scope);
        byte[] expected = hmac(signingKey, stringToSign);
        byte[] received = HexFormat.of().parseHex(authorization.signature());
        if (!MessageDigest.isEqual(expected, received)) {
            return refused(SIGNATURE_DOES_NOT_MATCH, "the signature does not match the request; sign with the secret "
                    + "key that comes with this session token from `airlock credentials`");
        }
        if (payloadHash.startsWith("STREAMING-")) {
            Optional<Refused> chunks = verifyChunks(request, payloadHash, amzDate, scope, signingKey,
                    authorization.signature());
            if (chunks.isPresent()) {
                return chunks.get();
            }
        }
        return new Verified(scope, token);
    }

    /**
     * An aws-chunked body must be exactly that, as long as X-Amz-Decoded-Content-Length says; signed, each
     * chunk's signature chains from the one before it (the first from the request's), then the trailer's.
     */
    private static Optional<Refused> verifyChunks(WireRequest request, String payloadHash, String amzDate,
                                                  SigV4Scope scope, byte[] signingKey, String seedSignature) {
        boolean signed = !payloadHash.equals(STREAMING_UNSIGNED_TRAILER);
        Optional<AwsChunkedBody> parsed = AwsChunkedBody.parse(request.body(), signed);
        if (parsed.isEmpty()) {
            return Optional.of(refused(INCOMPLETE_SIGNATURE, "the body is not the aws-chunked encoding X-Amz-Content-SHA256 ("
                    + payloadHash + ") announces"));
        }
        AwsChunkedBody body = parsed.get();
        if (request.headerCount("x-amz-decoded-content-length") != 1 || !request.header("x-amz-decoded-content-length")
                .orElseThrow().equals(Integer.toString(body.payload().length))) {
            return Optional.of(refused(INCOMPLETE_SIGNATURE, "X-Amz-Decoded-Content-Length must be the length of the "
                    + "payload the aws-chunked body carries"));
        }
        if (payloadHash.equals(STREAMING_SIGNED) && !body.trailers().isEmpty()) {
            return Optional.of(refused(INCOMPLETE_SIGNATURE, "trailers come only with " + STREAMING_SIGNED_TRAILER));
        }
        if (payloadHash.equals(STREAMING_SIGNED_TRAILER) && body.trailerSignature().isEmpty()) {
            return Optional.of(refused(INCOMPLETE_SIGNATURE, STREAMING_SIGNED_TRAILER + " needs a signed trailer"));
        }
        if (!signed) {
            return Optional.empty();
        }
        String hexEmpty = HexFormat.of().formatHex(sha256(new byte[0]));
        String previous = seedSignature;
        for (AwsChunkedBody.Chunk chunk : body.chunks()) {
            String stringToSign = "AWS4-HMAC-SHA256-PAYLOAD\n" + amzDate + "\n" + scope.credentialScope() + "\n"
                    + previous + "\n" + hexEmpty + "\n" + HexFormat.of().formatHex(sha256(chunk.data()));
            String signature = chunk.signature().orElseThrow();
            if (!MessageDigest.isEqual(hmac(signingKey, stringToSign), HexFormat.of().parseHex(signature))) {
                return Optional.of(refused(SIGNATURE_DOES_NOT_MATCH, "a chunk signature of the aws-chunked body does "
                        + "not match its data"));
            }
            previous = signature;
        }
        if (body.trailerSignature().isPresent()) {
            String trailers = body.trailers().stream().map(line -> line + "\n").reduce("", String::concat);
            String stringToSign = "AWS4-HMAC-SHA256-TRAILER\n" + amzDate + "\n" + scope.credentialScope() + "\n"
                    + previous + "\n" + HexFormat.of().formatHex(sha256(trailers.getBytes(StandardCharsets.UTF_8)));
            if (!MessageDigest.isEqual(hmac(signingKey, stringToSign), HexFormat.of().parseHex(
                    body.trailerSignature().get()))) {
                return Optional.of(refused(SIGNATURE_DOES_NOT_MATCH, "the trailer signature of the aws-chunked body "
                        + "does not match its trailers"));
            }
        }
        return Optional.empty();
    }

    /** S3 signs the path as sent; every other service signs it normalised, then URI-encoded a second time. */
    static Optional<String> canonicalUri(String path, String service) {
        if (path.isEmpty()) {
            return Optional.of("/");
        }
        if (service.equals("s3")) {
            return Optional.of(path);
        }
        if (!Canonical.isNormalised(path)) {
            return Optional.empty();
        }
        return Optional.of(Canonical.encode(path.getBytes(StandardCharsets.UTF_8), true));
    }

    static byte[] signingKey(String secret, SigV4Scope scope) {
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), scope.date());
        key = hmac(key, scope.region());
        key = hmac(key, scope.service());
        return hmac(key, "aws4_request");
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static Refused refused(String code, String reason) {
        return new Refused(code, reason);
    }
}
