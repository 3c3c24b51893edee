package dev.airlock.masking;

import java.util.List;

/**
 * PEM private keys, from {@code -----BEGIN ... PRIVATE KEY-----} to the matching END line
 * (or to the end of the text when it was cut off): RSA, EC, DSA, OpenSSH, PKCS#8, encrypted.
 */
final class PrivateKeyDetector extends Detector {
    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String KEY_HEADER_END = "PRIVATE KEY-----";
    private static final int MAX_LABEL = 40;

    @Override
    public String type() {
        return "private_key";
    }

    @Override
    public boolean mightMatch(Prescan p) {
        return p.fiveDashes && p.uppers >= 10;
    }

    @Override
    public void scan(char[] a, int from, int to, List<Finding> findings) {
        int begin = indexOf(a, BEGIN, from, to);
        while (begin >= 0) {
            int label = indexOf(a, KEY_HEADER_END, begin + BEGIN.length(),
                    Math.min(to, begin + BEGIN.length() + MAX_LABEL + KEY_HEADER_END.length()));
            if (label < 0) {
                begin = indexOf(a, BEGIN, begin + BEGIN.length(), to);
                continue;
            }
            int endLine = indexOf(a, END, label + KEY_HEADER_END.length(), to);
            int end = to;
            if (endLine >= 0) {
                int close = indexOf(a, KEY_HEADER_END, endLine + END.length(),
                        Math.min(to, endLine + END.length() + MAX_LABEL + KEY_HEADER_END.length()));
                end = close < 0 ? to : close + KEY_HEADER_END.length();
            }
            findings.add(new Finding(begin, end, type()));
            begin = end < to ? indexOf(a, BEGIN, end, to) : -1;
        }
    }

    private static int indexOf(char[] a, String needle, int from, int to) {
        int last = to - needle.length();
        char first = needle.charAt(0);
        for (int i = from; i <= last; i++) {
            if (a[i] != first) {
                continue;
            }
            int j = 1;
            while (j < needle.length() && a[i + j] == needle.charAt(j)) {
                j++;
            }
            if (j == needle.length()) {
                return i;
            }
        }
        return -1;
    }
}
