package dev.airlock.masking;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * JSON Web Tokens: three base64url segments joined by dots, the first two JSON objects
 * ({@code eyJ...}), the header naming an {@code alg}. Signed or not, they are bearer
 * credentials.
 */
final class JwtDetector extends Detector {

    @Override
    public String type() {
        return "jwt";
    }

    @Override
    public boolean mightMatch(Prescan p) {
        return p.jwtStarts >= 2 && p.dots >= 1;
    }

    @Override
    public void scan(char[] a, int from, int to, List<Finding> findings) {
        int i = from;
        while (i + 3 <= to) {
            if (!(a[i] == 'e' && a[i + 1] == 'y' && a[i + 2] == 'J') || (i > from && isSegmentChar(a[i - 1]))) {
                i++;
                continue;
            }
            int headerEnd = segmentEnd(a, i, to);
            int payloadStart = headerEnd + 1;
            if (headerEnd >= to || a[headerEnd] != '.' || payloadStart + 3 > to || a[payloadStart] != 'e'
                    || a[payloadStart + 1] != 'y' || a[payloadStart + 2] != 'J') {
                i = Math.max(i + 1, headerEnd);
                continue;
            }
            int end = segmentEnd(a, payloadStart, to);
            if (end < to && a[end] == '.') {
                end = segmentEnd(a, end + 1, to);
            }
            if (headerNamesAlg(a, i, headerEnd)) {
                findings.add(new Finding(i, end, type()));
            }
            i = end;
        }
    }

    private static int segmentEnd(char[] a, int start, int to) {
        int i = start;
        while (i < to && isSegmentChar(a[i])) {
            i++;
        }
        return i;
    }

    private static boolean isSegmentChar(char c) {
        return Detector.isAsciiAlnum(c) || c == '-' || c == '_';
    }

    private static boolean headerNamesAlg(char[] a, int from, int to) {
        try {
            String header = new String(Base64.getUrlDecoder().decode(new String(a, from, to - from)),
                    StandardCharsets.UTF_8);
            return header.startsWith("{") && header.contains("\"alg\"");
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }
}
