package dev.airlock.masking;

import org.apache.commons.validator.routines.CreditCardValidator;

import java.util.List;

/**
 * Payment card numbers: 13 to 19 digits, contiguous or in groups (4-4-4-4, 4-6-5, ...) joined
 * by one kind of separator, not part of a longer number, that pass the Luhn check and fall in
 * a known issuer range (Visa, Mastercard, Amex, Discover, Diners, JCB, VPay).
 */
final class PaymentCardDetector implements Detector {
    private static final int MIN_DIGITS = 13;
    private static final int MAX_DIGITS = 19;
    private final CreditCardValidator validator = new CreditCardValidator(CreditCardValidator.AMEX
            + CreditCardValidator.VISA + CreditCardValidator.MASTERCARD + CreditCardValidator.DISCOVER
            + CreditCardValidator.DINERS + CreditCardValidator.VPAY);

    @Override
    public String type() {
        return "card";
    }

    @Override
    public boolean mightMatch(Prescan p) {
        return p.digits >= MIN_DIGITS;
    }

    @Override
    public void scan(char[] a, int from, int to, List<Finding> findings) {
        int i = from;
        while (i < to) {
            // A card number stands apart: not inside a word or hash, not after a '+' (a phone number).
            if (!Detector.isDigit(a[i]) || (i > from && (Detector.isAsciiAlnum(a[i - 1]) || a[i - 1] == '+'))) {
                i++;
                continue;
            }
            int end = groupsEnd(a, i, to);
            if (end > 0) {
                String digits = digitsOf(a, i, end);
                if (digits.length() >= MIN_DIGITS && digits.length() <= MAX_DIGITS && validator.isValid(digits)) {
                    findings.add(new Finding(i, end, type()));
                }
                i = end;
            } else {
                while (i < to && Detector.isDigit(a[i])) {
                    i++;
                }
            }
        }
    }

    /**
     * The end of a card-shaped number starting at {@code start}: one run of 13-19 digits, or
     * groups of at most 6 digits (all but the last 4-6) joined by the same single space or dash; -1 if it is not card-shaped.
     */
    private static int groupsEnd(char[] a, int start, int to) {
        int i = start;
        int digits = 0;
        char separator = 0;
        int groups = 0;
        while (true) {
            int groupStart = i;
            while (i < to && Detector.isDigit(a[i]) && digits <= MAX_DIGITS) {
                i++;
                digits++;
            }
            int group = i - groupStart;
            groups++;
            if (digits > MAX_DIGITS || (i < to && Detector.isDigit(a[i]))) {
                return -1;
            }
            boolean canContinue = i + 1 < to && (a[i] == ' ' || a[i] == '-') && Detector.isDigit(a[i + 1])
                    && (separator == 0 || a[i] == separator) && group >= 4 && group <= 6;
            if (groups == 1 && group >= MIN_DIGITS) {
                return boundedEnd(a, i, to);
            }
            if (!canContinue) {
                // Printed cards end on a short group (4-4-4-4-3, 4-6-5); "4943 707677503" is a phone.
                return groups > 1 && group <= 6 && digits >= MIN_DIGITS ? boundedEnd(a, i, to) : -1;
            }
            separator = a[i];
            i++;
        }
    }

    private static int boundedEnd(char[] a, int end, int to) {
        return end < to && Detector.isAsciiAlnum(a[end]) ? -1 : end;
    }

    static String digitsOf(char[] a, int from, int to) {
        StringBuilder digits = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            if (Detector.isDigit(a[i])) {
                digits.append(a[i]);
            }
        }
        return digits.toString();
    }
}
