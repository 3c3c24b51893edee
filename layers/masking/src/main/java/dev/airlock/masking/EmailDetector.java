package dev.airlock.masking;

import org.apache.commons.validator.routines.EmailValidator;

import java.util.List;

/**
 * Email addresses: from each {@code @}, the local part and domain are grown over the
 * characters they may hold (bounded to RFC 5321 lengths, so the scan stays linear) and the
 * candidate is checked by commons-validator, including a known top-level domain.
 */
final class EmailDetector implements Detector {
    private static final int MAX_LOCAL = 64;
    private static final int MAX_DOMAIN = 253;
    private final EmailValidator validator = EmailValidator.getInstance(false, true);

    @Override
    public String type() {
        return "email";
    }

    @Override
    public void scan(String text, List<Finding> findings) {
        int at = text.indexOf('@');
        while (at >= 0) {
            int start = at;
            while (start > 0 && at - start < MAX_LOCAL && isLocalChar(text.charAt(start - 1))) {
                start--;
            }
            while (start < at && text.charAt(start) == '.') {
                start++;
            }
            int end = at + 1;
            while (end < text.length() && end - at <= MAX_DOMAIN && isDomainChar(text.charAt(end))) {
                end++;
            }
            while (end > at + 1 && (text.charAt(end - 1) == '.' || text.charAt(end - 1) == '-')) {
                end--;
            }
            if (start < at && end > at + 1 && validator.isValid(text.substring(start, end))) {
                findings.add(new Finding(start, end, type()));
            }
            at = text.indexOf('@', Math.max(at + 1, end));
        }
    }

    private static boolean isLocalChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
                || c == '\'';
    }

    private static boolean isDomainChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '-';
    }
}
