package dev.airlock.masking;

import org.apache.commons.validator.routines.CodeValidator;
import org.apache.commons.validator.routines.CreditCardValidator;
import org.apache.commons.validator.routines.CreditCardValidator.CreditCardRange;

import java.util.List;

/**
 * Payment card numbers: 13 to 19 digits, contiguous or in groups (4-4-4-4, 4-6-5, ...) joined
 * by one kind of separator, not part of a longer number, that pass the Luhn check and fall in
 * a known issuer range (Visa, Mastercard, Amex, Discover, Diners, VPay, JCB, UnionPay).
 */
final class PaymentCardDetector extends Detector {
    private static final int MIN_DIGITS = 13;
    private static final int MAX_DIGITS = 19;
    /** The issuers commons-validator knows, and JCB and UnionPay by their ranges. */
    private final CreditCardValidator validator = new CreditCardValidator(
            new CodeValidator[]{CreditCardValidator.AMEX_VALIDATOR, CreditCardValidator.VISA_VALIDATOR,
                    CreditCardValidator.MASTERCARD_VALIDATOR, CreditCardValidator.DISCOVER_VALIDATOR,
                    CreditCardValidator.DINERS_VALIDATOR, CreditCardValidator.VPAY_VALIDATOR},
            new CreditCardRange[]{new CreditCardRange("3528", "3589", 16, 19),
                    // JCB's older ranges, still issued through Discover's network.
                    new CreditCardRange("3088", "3094", 16, 16), new CreditCardRange("3096", "3102", 16, 16),
                    new CreditCardRange("3112", "3120", 16, 16), new CreditCardRange("3158", "3159", 16, 16),
                    new CreditCardRange("3337", "3349", 16, 16),
                    new CreditCardRange("62", "62", 16, 19)});

    @Override
    public String type() {
        return "card";
    }

    @Override
    public boolean mightMatch(Prescan p) {
        return p.numberRunDigits >= MIN_DIGITS;
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
                // "4111 1111 1111 1111 2 items": a number after the card is not part of it.
                for (int candidate = end; candidate > i; candidate = lastGroupStart(a, i, candidate)) {
                    String digits = digitsOf(a, i, candidate);
                    if (digits.length() < MIN_DIGITS) {
                        break;
                    }
                    if (digits.length() <= MAX_DIGITS && validator.isValid(digits)) {
                        findings.add(new Finding(i, candidate, type()));
                        break;
                    }
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

    /** Where the separator before the last group of {@code a[start, end)} is; {@code start} if one group. */
    static int lastGroupStart(char[] a, int start, int end) {
        for (int i = end - 1; i > start; i--) {
            if (!Detector.isDigit(a[i])) {
                return i;
            }
        }
        return start;
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
