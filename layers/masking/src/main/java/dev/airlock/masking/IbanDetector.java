package dev.airlock.masking;

import org.apache.commons.validator.routines.IBANValidator;

import java.util.List;

/**
 * International bank account numbers: a country code, two check digits and the account, in
 * one piece or in groups of four, that match the country's format and pass the mod-97 check
 * (commons-validator).
 */
final class IbanDetector implements Detector {
    private static final int MIN_LENGTH = 15;
    private static final int MAX_LENGTH = 34;
    private final IBANValidator validator = IBANValidator.getInstance();

    @Override
    public String type() {
        return "iban";
    }

    @Override
    public boolean mightMatch(Prescan p) {
        return p.uppers >= 2 && p.digits >= 10 && p.length >= MIN_LENGTH;
    }

    @Override
    public void scan(char[] a, int from, int to, List<Finding> findings) {
        for (int i = from; i + MIN_LENGTH <= to; i++) {
            if (!isUpper(a[i]) || !isUpper(a[i + 1]) || !Detector.isDigit(a[i + 2]) || !Detector.isDigit(a[i + 3])
                    || (i > from && Detector.isAsciiAlnum(a[i - 1]))) {
                continue;
            }
            StringBuilder iban = new StringBuilder(MAX_LENGTH);
            int end = i;
            while (end < to && iban.length() <= MAX_LENGTH) {
                char c = a[end];
                if (Detector.isDigit(c) || isUpper(c)) {
                    iban.append(c);
                    end++;
                } else if (c == ' ' && end + 1 < to && Detector.isAsciiAlnum(a[end + 1]) && iban.length() % 4 == 0) {
                    end++;
                } else {
                    break;
                }
            }
            boolean bounded = end >= to || !Detector.isAsciiAlnum(a[end]);
            if (bounded && iban.length() >= MIN_LENGTH && iban.length() <= MAX_LENGTH
                    && validator.isValid(iban.toString())) {
                findings.add(new Finding(i, end, type()));
                i = end - 1;
            }
        }
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }
}
