package dev.airlock.awsapi.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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

    static AwsChunked decode(byte[] body) {
        ByteArrayOutputStream data = new ByteArrayOutputStream(body.length);
        int pos = 0;
        while (true) {
            int lineEnd = lineEnd(body, pos);
            String header = new String(body, pos, lineEnd - pos, StandardCharsets.US_ASCII);
            pos = lineEnd + 2;
            int semicolon = header.indexOf(';');
            String sizeText = semicolon < 0 ? header : header.substring(0, semicolon);
            if (semicolon >= 0 && !header.substring(semicolon + 1).matches("chunk-signature=[0-9a-f]{64}")) {
                throw malformed("a chunk header has an extension other than chunk-signature");
            }
            if (!sizeText.matches("[0-9a-fA-F]{1,8}")) {
                throw malformed("a chunk size is not hexadecimal");
            }
            long size = Long.parseLong(sizeText, 16);
            if (size == 0) {
                break;
            }
            if (size > body.length - pos - 2) {
                throw malformed("a chunk is longer than the body");
            }
            data.write(body, pos, (int) size);
            pos += (int) size;
            if (body[pos] != '\r' || body[pos + 1] != '\n') {
                throw malformed("a chunk does not end with CRLF");
            }
            pos += 2;
        }
        Map<String, String> trailers = new LinkedHashMap<>();
        while (true) {
            int lineEnd = lineEnd(body, pos);
            if (lineEnd == pos) {
                pos += 2;
                break;
            }
            String line = new String(body, pos, lineEnd - pos, StandardCharsets.US_ASCII);
            pos = lineEnd + 2;
            int colon = line.indexOf(':');
            if (colon <= 0 || trailers.size() >= MAX_TRAILERS) {
                throw malformed("a trailer is not a 'name:value' line");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (trailers.put(name, line.substring(colon + 1).trim()) != null) {
                throw malformed("a trailer is sent twice");
            }
        }
        if (pos != body.length) {
            throw malformed("bytes follow the final chunk and trailers");
        }
        return new AwsChunked(data.toByteArray(), trailers);
    }

    /** The index of the next CRLF at or after {@code from}. */
    private static int lineEnd(byte[] body, int from) {
        for (int i = from; i + 1 < body.length && i - from < 4096; i++) {
            if (body[i] == '\r' && body[i + 1] == '\n') {
                return i;
            }
            if (body[i] == '\n' || body[i] == '\r') {
                break;
            }
        }
        throw malformed("a chunk header or trailer line is not terminated by CRLF");
    }

    private static WireRefusal malformed(String what) {
        return WireRefusal.invalid("The aws-chunked body is malformed: " + what + ".");
    }
}
