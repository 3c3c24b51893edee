package dev.airlock.masking;

import org.apache.commons.validator.routines.EmailValidator;

import java.util.List;

/**
 * Email addresses: from each {@code @}, the local part and the domain grow over the characters
 * they may hold, bounded by RFC 5321 lengths, and commons-validator checks the candidate,
 * including a top-level domain that exists.
 */
final class EmailDetector extends Detector {
    private static final int MAX_LOCAL = 64;
    private static final int MAX_DOMAIN = 253;
    private final EmailValidator validator = EmailValidator.getInstance(false, true);

    @Override
    public String type() {
        return "email";
    }

    @Override
    public boolean mightMatch(Prescan p) {
        return p.ats > 0 && p.dots > 0;
    }

    @Override
    public void scan(char[] a, int from, int to, List<Finding> findings) {
        int at = indexOf(a, '@', from, to);
        while (at >= 0) {
            int start = at;
            while (start > from && at - start < MAX_LOCAL && isLocalChar(a[start - 1])) {
                start--;
            }
            // A quote before the address is SQL or prose around it, not part of it.
            while (start < at && (a[start] == '.' || a[start] == '\'')) {
                start++;
            }
            // Letters outside ASCII (jörg@) are masked with the address, though only its ASCII tail validates.
            int covered = start;
            while (covered > from && at - covered < MAX_LOCAL && isLocalCharOutsideAscii(a[covered - 1])) {
                covered--;
                while (covered > from && at - covered < MAX_LOCAL && isLocalChar(a[covered - 1])) {
                    covered--;
                }
            }
            int end = at + 1;
            while (end < to && end - at <= MAX_DOMAIN && isDomainChar(a[end])) {
                end++;
            }
            while (end > at + 1 && (a[end - 1] == '.' || a[end - 1] == '-')) {
                end--;
            }
            // A local part wholly outside ASCII is judged by its domain.
            String candidate = start < at ? new String(a, start, end - start) : "x" + new String(a, at, end - at);
            if (covered < at && end > at + 1 && validator.isValid(candidate)) {
                findings.add(new Finding(covered, end, type()));
            }
            at = indexOf(a, '@', Math.max(at + 1, end), to);
        }
    }

    private static int indexOf(char[] a, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isLocalChar(char c) {
        return Detector.isAsciiAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-' || c == '\'';
    }

    private static boolean isLocalCharOutsideAscii(char c) {
        return c >= 128 && Character.isLetterOrDigit(c);
    }

    private static boolean isDomainChar(char c) {
        return Detector.isAsciiAlnum(c) || c == '.' || c == '-';
    }
}
