package dev.airlock.awsapi.wire;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Percent-encoding as SigV4 and S3 read it: decoded exactly once, strictly, and encoded RFC 3986 style. */
final class Percent {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Percent() {
    }

    /**
     * Decodes {@code %XX} escapes once; the result must be valid UTF-8. {@code +} is refused: SDKs send
     * {@code %2B} or {@code %20}, and a bare plus means a space to some readers and a plus to others.
     */
    static String decode(String raw, String what) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || hex(raw.charAt(i + 1)) < 0 || hex(raw.charAt(i + 2)) < 0) {
                    throw WireRefusal.invalid("The " + what + " has a '%' that is not followed by two hex digits.");
                }
                bytes.write(hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
                i += 2;
            } else if (c == '+') {
                throw WireRefusal.invalid("The " + what + " has a bare '+': percent-encode it (%2B, or %20 for a space).");
            } else if (c < 0x21 || c > 0x7e) {
                throw WireRefusal.invalid("The " + what + " has a character that must be percent-encoded.");
            } else {
                bytes.write(c);
            }
        }
        return utf8(bytes.toByteArray()).orElseThrow(() ->
                WireRefusal.invalid("The " + what + " is not valid UTF-8 once percent-decoded."));
    }

    /** Strict UTF-8: malformed input is empty, never replaced. */
    static java.util.Optional<String> utf8(byte[] bytes) {
        try {
            return java.util.Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return java.util.Optional.empty();
        }
    }

    /** RFC 3986 encoding of everything but unreserved characters, and {@code /} when {@code keepSlash}. */
    static String encode(String value, boolean keepSlash) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || (keepSlash && c == '/')) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
