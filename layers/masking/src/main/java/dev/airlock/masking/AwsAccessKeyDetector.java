package dev.airlock.masking;

import java.util.List;

/**
 * AWS access key ids: a credential prefix ({@code AKIA} long-term, {@code ASIA} temporary,
 * {@code ABIA}, {@code ACCA}) and 16 upper-case letters or digits.
 */
final class AwsAccessKeyDetector extends Detector {
    private static final int LENGTH = 20;
    /** Credentials only: AIDA, AROA and the like name users and roles, and are not secret. */
    private static final List<String> PREFIXES = List.of("AKIA", "ASIA", "ABIA", "ACCA");

    @Override
    public String type() {
        return "aws_access_key";
    }

    @Override
    public boolean mightMatch(Prescan p) {
        return p.uppers >= 4 && p.length >= LENGTH;
    }

    @Override
    public void scan(char[] a, int from, int to, List<Finding> findings) {
        for (int i = from; i + LENGTH <= to; i++) {
            if (a[i] != 'A' || (i > from && Detector.isAsciiAlnum(a[i - 1])) || !credentialPrefix(a, i)) {
                continue;
            }
            boolean body = true;
            for (int j = i + 4; j < i + LENGTH && body; j++) {
                body = (a[j] >= 'A' && a[j] <= 'Z') || Detector.isDigit(a[j]);
            }
            int end = i + LENGTH;
            if (body && (end == to || !Detector.isAsciiAlnum(a[end]))) {
                findings.add(new Finding(i, end, type()));
                i = end - 1;
            }
        }
    }

    private static boolean credentialPrefix(char[] a, int i) {
        for (String prefix : PREFIXES) {
            if (a[i + 1] == prefix.charAt(1) && a[i + 2] == prefix.charAt(2) && a[i + 3] == prefix.charAt(3)) {
                return true;
            }
        }
        return false;
    }
}
