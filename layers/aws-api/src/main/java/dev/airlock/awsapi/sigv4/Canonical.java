package dev.airlock.awsapi.sigv4;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The pieces of a SigV4 canonical request, built the way the AWS SDKs build them. */
final class Canonical {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Canonical() {
    }

    /** RFC 3986 unreserved characters stay; every other byte becomes %XX (upper-case hex). */
    static String encode(byte[] bytes, boolean keepSlash) {
        StringBuilder out = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~' || (keepSlash && c == '/')) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    /** Percent-decoded bytes; empty when an escape is broken or a raw '+' makes the meaning ambiguous. */
    static Optional<byte[]> decode(String text) {
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b == '+') {
                return Optional.empty();
            }
            if (b == '%') {
                if (i + 2 >= raw.length) {
                    return Optional.empty();
                }
                int high = Character.digit(raw[i + 1], 16);
                int low = Character.digit(raw[i + 2], 16);
                if (high < 0 || low < 0) {
                    return Optional.empty();
                }
                out.write(high << 4 | low);
                i += 2;
            } else {
                out.write(b);
            }
        }
        return Optional.of(out.toByteArray());
    }

    /** One query parameter, both halves canonically encoded. */
    record Parameter(String name, String value) {
    }

    /** The parameters of a raw query, decoded and canonically re-encoded; empty when one cannot be decoded. */
    static Optional<List<Parameter>> parameters(String rawQuery) {
        List<Parameter> parameters = new ArrayList<>();
        if (rawQuery.isEmpty()) {
            return Optional.of(parameters);
        }
        for (String pair : rawQuery.split("&", -1)) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            Optional<byte[]> decodedName = decode(name);
            Optional<byte[]> decodedValue = decode(value);
            if (name.isEmpty() || decodedName.isEmpty() || decodedValue.isEmpty()) {
                return Optional.empty();
            }
            parameters.add(new Parameter(encode(decodedName.get(), false), encode(decodedValue.get(), false)));
        }
        return Optional.of(parameters);
    }

    /** Sorted by name, then value; each as name=value, joined by '&'. */
    static String query(List<Parameter> parameters) {
        return parameters.stream()
                .sorted(Comparator.comparing(Parameter::name).thenComparing(Parameter::value))
                .map(p -> p.name() + "=" + p.value())
                .reduce((a, b) -> a + "&" + b).orElse("");
    }

    /** Trimmed, runs of whitespace collapsed to one space, several values joined by ','. */
    static String headerValue(List<String> values) {
        List<String> trimmed = new ArrayList<>(values.size());
        for (String value : values) {
            trimmed.add(value.replaceAll("\\s+", " ").strip());
        }
        return String.join(",", trimmed);
    }

    /** True when the path has no '.', '..' or empty segment (a trailing '/' aside) that normalising would change. */
    static boolean isNormalised(String path) {
        if (!path.startsWith("/")) {
            return false;
        }
        String[] segments = path.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.equals(".") || segment.equals("..") || (segment.isEmpty() && !last)) {
                return false;
            }
        }
        return true;
    }
}
