package dev.airlock.masking;

import java.util.List;

/**
 * AWS secret access keys: exactly 40 characters of base64 ({@code A-Z a-z 0-9 / +}) standing
 * alone, mixing upper case, lower case and digits. Hex strings of the same length (SHA-1
 * digests, git commits) are left alone.
 */
final class AwsSecretKeyDetector extends Detector {
    private static final int LENGTH = Prescan.KEY_RUN;

    @Override
    public String type() {
        return "aws_secret_key";
    }

    @Override
    public boolean mightMatch(Prescan p) {
        return p.keyRun && p.uppers > 0 && p.lowers > 0 && p.digits > 0;
    }

    @Override
    public void scan(char[] a, int from, int to, List<Finding> findings) {
        int i = from;
        while (i < to) {
            if (!isKeyChar(a[i])) {
                i++;
                continue;
            }
            int start = i;
            while (i < to && isKeyChar(a[i])) {
                i++;
            }
            if (i - start != LENGTH) {
                continue;
            }
            boolean upper = false;
            boolean lower = false;
            boolean digit = false;
            boolean nonHex = false;
            for (int k = start; k < i; k++) {
                char c = a[k];
                upper |= c >= 'A' && c <= 'Z';
                lower |= c >= 'a' && c <= 'z';
                digit |= Detector.isDigit(c);
                nonHex |= !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
            }
            // "key=..." is fine before the run; after it, '=' is base64 padding of a longer token.
            boolean standsAlone = (start == from || !isTokenChar(a[start - 1]) || a[start - 1] == '=')
                    && (i == to || !isTokenChar(a[i]));
            if (standsAlone && upper && lower && digit && nonHex) {
                findings.add(new Finding(start, i, type()));
            }
        }
    }

    private static boolean isKeyChar(char c) {
        return Prescan.isKeyChar(c);
    }

    /** Characters that would make the run part of a longer token (base64 padding, url-safe base64). */
    private static boolean isTokenChar(char c) {
        return isKeyChar(c) || c == '=' || c == '-' || c == '_';
    }
}
