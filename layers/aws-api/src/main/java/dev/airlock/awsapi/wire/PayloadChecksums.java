package dev.airlock.awsapi.wire;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * The integrity values SDKs send with a body ({@code x-amz-checksum-*}, {@code Content-MD5},
 * {@code x-amz-content-sha256}): checked against the body Airlock read, then dropped, because the
 * rebuilt request carries its own. Algorithms the JDK lacks (CRC64NVME, XXHASH) cannot be checked
 * and are dropped: the rebuilt request's Content-MD5 still protects the body on the way to AWS.
 */
final class PayloadChecksums {

    private PayloadChecksums() {
    }

    /** Checks {@code x-amz-checksum-<algorithm>: base64} against the body; false when the JDK cannot compute it. */
    static boolean verify(String headerName, String value, byte[] body) {
        String algorithm = headerName.toLowerCase(Locale.ROOT).substring("x-amz-checksum-".length());
        byte[] expected = switch (algorithm) {
            case "crc32" -> crc(new CRC32(), body);
            case "crc32c" -> crc(new CRC32C(), body);
            case "sha1" -> digest("SHA-1", body);
            case "sha256" -> digest("SHA-256", body);
            case "md5" -> digest("MD5", body);
            default -> null;
        };
        if (expected == null) {
            return false;
        }
        if (!Base64.getEncoder().encodeToString(expected).equals(value.trim())) {
            throw new WireRefusal("BadDigest", "The " + headerName + " checksum does not match the body.");
        }
        return true;
    }

    static void verifyContentMd5(String value, byte[] body) {
        if (!Base64.getEncoder().encodeToString(digest("MD5", body)).equals(value.trim())) {
            throw new WireRefusal("BadDigest", "The Content-MD5 does not match the body.");
        }
    }

    /** A hex x-amz-content-sha256 must be the body's; the UNSIGNED and STREAMING markers are checked elsewhere. */
    static void verifyContentSha256(String value, byte[] body) {
        if (!HexFormat.of().formatHex(digest("SHA-256", body)).equalsIgnoreCase(value.trim())) {
            throw new WireRefusal("XAmzContentSHA256Mismatch", "The x-amz-content-sha256 does not match the body.");
        }
    }

    static String contentMd5(byte[] body) {
        return Base64.getEncoder().encodeToString(digest("MD5", body));
    }

    private static byte[] crc(Checksum checksum, byte[] body) {
        checksum.update(body, 0, body.length);
        return ByteBuffer.allocate(4).putInt((int) checksum.getValue()).array();
    }

    private static byte[] digest(String algorithm, byte[] body) {
        try {
            return MessageDigest.getInstance(algorithm).digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }
}
