package dev.airlock.awsapi.wire;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** S3's naming rules for buckets, and the keys Airlock accepts (no traversal, no control characters). */
final class S3Names {
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_SHAPED = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final int MAX_KEY_BYTES = 1024;

    private S3Names() {
    }

    static void checkBucket(String bucket) {
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..") || bucket.contains(".-")
                || bucket.contains("-.") || IP_SHAPED.matcher(bucket).matches() || bucket.startsWith("xn--")
                || bucket.startsWith("sthree-") || bucket.endsWith("-s3alias") || bucket.endsWith("--ol-s3")
                || bucket.endsWith(".mrap") || bucket.endsWith("--x-s3")) {
            throw WireRefusal.invalid("The bucket name does not follow S3's naming rules (3-63 lower-case letters, "
                    + "digits, dots and hyphens; access points, aliases and ARNs are not supported).");
        }
    }

    static void checkKey(String key) {
        if (key.isEmpty()) {
            throw WireRefusal.invalid("The object key is empty.");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw WireRefusal.invalid("The object key is longer than S3's 1024 bytes.");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw WireRefusal.invalid("The object key has a control character.");
            }
        }
        for (String segment : key.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                throw WireRefusal.invalid("The object key has a '.' or '..' segment, which some readers resolve "
                        + "as a path: rename the object.");
            }
        }
    }
}
