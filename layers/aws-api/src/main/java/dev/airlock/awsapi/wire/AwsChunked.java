package dev.airlock.awsapi.wire;

import dev.airlock.awsapi.sigv4.AwsChunkedBody;

import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code aws-chunked} content encoding SDKs use to stream a body with a trailing checksum:
 * {@code hex-size[;chunk-signature=sig]\r\n data \r\n ... 0[;chunk-signature=sig]\r\n trailer: value\r\n ... \r\n}.
 * Anything that does not follow it exactly is refused: a lenient reader here would read a body
 * AWS reads differently.
 *
 * @param data     the decoded body
 * @param trailers the trailing headers by lower-case name
 */
record AwsChunked(byte[] data, Map<String, String> trailers) {
    private static final int MAX_TRAILERS = 8;

    /**
     * Reads the body with the same reader SigV4 verification uses ({@link AwsChunkedBody}), so the
     * bytes whose signatures were checked are the bytes decoded.
     */
    static AwsChunked decode(byte[] body) {
        Optional<AwsChunkedBody> parsed = AwsChunkedBody.parse(body, true).or(() -> AwsChunkedBody.parse(body, false));
        if (parsed.isEmpty()) {
            throw malformed("it does not follow the aws-chunked framing");
        }
        Map<String, String> trailers = new LinkedHashMap<>();
        for (String line : parsed.get().trailers()) {
            int colon = line.indexOf(':');
            if (trailers.size() >= MAX_TRAILERS) {
                throw malformed("it has more than " + MAX_TRAILERS + " trailers");
            }
            if (trailers.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1)) != null) {
                throw malformed("a trailer is sent twice");
            }
        }
        parsed.get().trailerSignature().ifPresent(signature -> trailers.put("x-amz-trailer-signature", signature));
        return new AwsChunked(parsed.get().payload(), trailers);
    }

    private static WireRefusal malformed(String what) {
        return WireRefusal.invalid("The aws-chunked body is malformed: " + what + ".");
    }
}
