package dev.airlock.masking;

import org.apache.commons.validator.routines.IBANValidator;

import java.util.List;

/**
 * International bank account numbers: a country code, two check digits and the account, in
 * one piece or in groups of four, that match the country's format and pass the mod-97 check
 * (commons-validator).
 */
final class IbanDetector extends Detector {
    private static final int MIN_LENGTH = 15;
    private static final int MAX_LENGTH = 34;
    private final IBANValidator validator = IBANValidator.getInstance();

    @Override
    public String type() {
        return "iban";
    }

    @Override
    public boolean mightMatch(Prescan p) {
        return p.ibanStart && p.digits >= 10 && p.length >= MIN_LENGTH;
    }

    @Override
    public void scan(char[] a, int from, int to, List<Finding> findings) {
        int start = nextStart(a, from, from, to);
        while (start >= 0) {
            int end = match(a, start, to);
            if (end > 0) {
                findings.add(new Finding(start, end, type()));
            }
            start = nextStart(a, from, Math.max(end, start + 1), to);
        }
    }

    /**
     * The next word of {@code a[from, to)} at or after {@code i} that opens like an IBAN (two
     * capitals, two digits), or -1. Word by word: an IBAN opens a word, so the letters inside
     * one are never candidates.
     */
    static int nextStart(char[] a, int from, int i, int to) {
        while (i < to && i > from && Detector.isAsciiAlnum(a[i]) && Detector.isAsciiAlnum(a[i - 1])) {
            i++;
        }
        while (i + 4 <= to) {
            if (!Detector.isAsciiAlnum(a[i])) {
                i++;
                continue;
            }
            if (isUpper(a[i]) && isUpper(a[i + 1]) && Detector.isDigit(a[i + 2]) && Detector.isDigit(a[i + 3])) {
                return i;
            }
            while (i < to && Detector.isAsciiAlnum(a[i])) {
                i++;
            }
        }
        return -1;
    }

    /**
     * The end of the IBAN starting at {@code start}: one token of 15-34 characters, or groups of
     * four joined by single spaces (the last one shorter); the longest form that validates wins.
     */
    private int match(char[] a, int start, int to) {
        int tokenEnd = start;
        while (tokenEnd < to && isIbanChar(a[tokenEnd])) {
            tokenEnd++;
        }
        if (tokenEnd < to && Detector.isAsciiAlnum(a[tokenEnd])) {
            return -1;
        }
        int length = tokenEnd - start;
        if (length >= MIN_LENGTH) {
            return length <= MAX_LENGTH && validator.isValid(new String(a, start, length)) ? tokenEnd : -1;
        }
        if (length != 4) {
            return -1;
        }
        StringBuilder iban = new StringBuilder(MAX_LENGTH).append(a, start, 4);
        int end = tokenEnd;
        int best = -1;
        while (end + 1 < to && a[end] == ' ' && iban.length() < MAX_LENGTH) {
            int groupStart = end + 1;
            int groupEnd = groupStart;
            while (groupEnd < to && groupEnd - groupStart < 4 && isIbanChar(a[groupEnd])) {
                groupEnd++;
            }
            boolean standsAlone = groupEnd >= to || !Detector.isAsciiAlnum(a[groupEnd]);
            if (groupEnd == groupStart || !standsAlone) {
                break;
            }
            iban.append(a, groupStart, groupEnd - groupStart);
            end = groupEnd;
            if (iban.length() >= MIN_LENGTH && validator.isValid(iban.toString())) {
                best = end;
            }
            if (groupEnd - groupStart < 4) {
                break;
            }
        }
        return best;
    }

    private static boolean isIbanChar(char c) {
        return Detector.isDigit(c) || isUpper(c);
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }
}
