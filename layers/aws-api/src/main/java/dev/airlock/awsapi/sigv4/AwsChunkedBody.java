package dev.airlock.awsapi.sigv4;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A body in the aws-chunked encoding the SDKs stream uploads with
 * ({@code X-Amz-Content-SHA256: STREAMING-...}): chunks, each {@code <hex size>[;chunk-signature=<hex>]\r\n<data>\r\n},
 * ending with a zero-size chunk, then optional trailer lines ({@code x-amz-checksum-crc32:...}) and an empty line.
 * Strict: a body that is not exactly that is not read.
 *
 * @param chunks   every chunk, the final empty one included
 * @param trailers the trailer lines, {@code name:value}, without {@code x-amz-trailer-signature}
 * @param trailerSignature the trailer's signature, when signed
 */
public record AwsChunkedBody(List<Chunk> chunks, List<String> trailers, Optional<String> trailerSignature) {
    private static final Pattern SIGNED_HEADER = Pattern.compile("([0-9a-fA-F]{1,8});chunk-signature=([0-9a-f]{64})");
    private static final Pattern UNSIGNED_HEADER = Pattern.compile("([0-9a-fA-F]{1,8})");
    private static final Pattern TRAILER = Pattern.compile("([a-z0-9-]{1,64}):(\\S{0,512})");
    private static final String TRAILER_SIGNATURE = "x-amz-trailer-signature";

    /** @param signature empty for unsigned chunks */
    public record Chunk(byte[] data, Optional<String> signature) {
    }

    public AwsChunkedBody {
        chunks = List.copyOf(chunks);
        trailers = List.copyOf(trailers);
    }

    /** The payload the chunks carry, framing removed. */
    public byte[] payload() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks.forEach(chunk -> out.writeBytes(chunk.data()));
        return out.toByteArray();
    }

    /** @param signed whether each chunk must carry a signature (and a trailer, if any, its signature) */
    public static Optional<AwsChunkedBody> parse(byte[] body, boolean signed) {
        List<Chunk> chunks = new ArrayList<>();
        int at = 0;
        while (true) {
            int end = lineEnd(body, at);
            if (end < 0) {
                return Optional.empty();
            }
            Matcher header = (signed ? SIGNED_HEADER : UNSIGNED_HEADER).matcher(
                    new String(body, at, end - at, StandardCharsets.ISO_8859_1));
            if (!header.matches()) {
                return Optional.empty();
            }
            long size = Long.parseLong(header.group(1), 16);
            at = end + 2;
            if (size > body.length - at) {
                return Optional.empty();
            }
            byte[] data = java.util.Arrays.copyOfRange(body, at, at + (int) size);
            chunks.add(new Chunk(data, signed ? Optional.of(header.group(2)) : Optional.empty()));
            at += (int) size;
            if (size == 0) {
                break;
            }
            if (lineEnd(body, at) != at) {
                return Optional.empty();
            }
            at += 2;
        }
        List<String> trailers = new ArrayList<>();
        Optional<String> trailerSignature = Optional.empty();
        while (true) {
            int end = lineEnd(body, at);
            if (end < 0) {
                return Optional.empty();
            }
            String line = new String(body, at, end - at, StandardCharsets.ISO_8859_1);
            at = end + 2;
            if (line.isEmpty()) {
                break;
            }
            Matcher trailer = TRAILER.matcher(line);
            if (!trailer.matches() || trailerSignature.isPresent()) {
                return Optional.empty();
            }
            if (trailer.group(1).equals(TRAILER_SIGNATURE)) {
                if (!signed || !trailer.group(2).matches("[0-9a-f]{64}")) {
                    return Optional.empty();
                }
                trailerSignature = Optional.of(trailer.group(2));
            } else {
                trailers.add(line);
            }
        }
        if (at != body.length || (signed && !trailers.isEmpty() && trailerSignature.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new AwsChunkedBody(chunks, trailers, trailerSignature));
    }

    /** Where the CRLF ending the line that starts at {@code from} is; -1 when none. */
    private static int lineEnd(byte[] body, int from) {
        for (int i = from; i + 1 < body.length; i++) {
            if (body[i] == '\r' && body[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Never the data. */
    @Override
    public String toString() {
        return "AwsChunkedBody[" + chunks.size() + " chunks, " + trailers.size() + " trailers]";
    }
}
