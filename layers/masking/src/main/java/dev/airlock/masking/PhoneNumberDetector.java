package dev.airlock.masking;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

import java.util.List;

/**
 * Phone numbers written as phone numbers: with a country code ({@code +44 20 7946 0958}) or
 * in a formatted national form ({@code (212) 555-0123}, {@code 212-555-0123}), 7 to 15 digits,
 * confirmed a valid number for its region by libphonenumber. Bare digit runs are left alone:
 * they are far more often order numbers than phones.
 */
final class PhoneNumberDetector extends Detector {
    private static final int MIN_DIGITS = 7;
    // E.164 allows 15 digits; libphonenumber accepts a few national plans with longer numbers.
    private static final int MAX_DIGITS = 17;
    private static final int MAX_LENGTH = 28;
    /** The whole run, then without its last group, then without two: each try may parse once. */
    private static final int MAX_TRIES = 3;
    private static final String UNKNOWN_REGION = "ZZ";
    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
    private final String defaultRegion;

    PhoneNumberDetector(String defaultRegion) {
        this.defaultRegion = defaultRegion;
    }

    @Override
    public String type() {
        return "phone";
    }

    @Override
    public boolean mightMatch(Prescan p) {
        return p.numberRunDigits >= MIN_DIGITS;
    }

    @Override
    public void scan(char[] a, int from, int to, List<Finding> findings) {
        int i = from;
        while (i < to) {
            if (!startsNumber(a, i, from, to)) {
                i++;
                continue;
            }
            int extent = i;
            int digitsSeen = 0;
            while (extent < to && extent - i < MAX_LENGTH && digitsSeen < MAX_DIGITS) {
                char c = a[extent];
                if (Detector.isDigit(c)) {
                    digitsSeen++;
                } else if (!(c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || (c == '+' && extent == i))) {
                    break;
                }
                extent++;
            }
            int end = -1;
            // "call 212-555-0123 2 times": the number may end a group or two before the digits do.
            int candidate = trimToDigit(a, i, extent);
            for (int tries = 0; tries < MAX_TRIES && candidate > i && end < 0; tries++) {
                if (isPhone(a, i, candidate, to)) {
                    end = candidate;
                }
                candidate = trimToDigit(a, i, PaymentCardDetector.lastGroupStart(a, i, candidate));
            }
            if (end > 0) {
                findings.add(new Finding(i, end, type()));
                i = end;
            } else {
                i++;
                while (i < to && Detector.isDigit(a[i])) {
                    i++;
                }
            }
        }
    }

    private boolean isPhone(char[] a, int start, int end, int to) {
        int digits = 0;
        int separators = 0;
        boolean parentheses = false;
        for (int k = start; k < end; k++) {
            char c = a[k];
            if (Detector.isDigit(c)) {
                digits++;
            } else if (c == '(' || c == ')') {
                parentheses = true;
            } else if (c != '+') {
                separators++;
            }
        }
        boolean international = a[start] == '+';
        boolean formatted = (separators >= 2 || parentheses) && groupedLikeAPhone(a, start, end);
        boolean bounded = end >= to || !Detector.isAsciiAlnum(a[end]);
        return digits >= MIN_DIGITS && bounded && (international || formatted) && valid(a, start, end, international);
    }

    private static int trimToDigit(char[] a, int start, int end) {
        while (end > start && !Detector.isDigit(a[end - 1])) {
            end--;
        }
        return end;
    }

    /**
     * {@code +44 20 7946 0958} without libphonenumber's parser, whose regular expressions cost
     * more than the check itself. Country codes are prefix-free, so the first of one to three
     * digits that libphonenumber knows is it. Null when a number needs the full parser (a national
     * part with a leading zero).
     */
    private Phonenumber.PhoneNumber international(char[] a, int from, int to) {
        long digits = 0;
        int count = 0;
        int countryCode = 0;
        int countryDigits = 0;
        for (int i = from; i < to; i++) {
            if (!Detector.isDigit(a[i])) {
                continue;
            }
            int d = a[i] - '0';
            if (countryCode == 0 || countryDigits < 3 && !knownCountry(countryCode)) {
                countryCode = countryCode * 10 + d;
                countryDigits++;
                continue;
            }
            if (count == 0 && d == 0) {
                return null;
            }
            digits = digits * 10 + d;
            count++;
        }
        if (!knownCountry(countryCode) || count == 0) {
            return null;
        }
        return new Phonenumber.PhoneNumber().setCountryCode(countryCode).setNationalNumber(digits);
    }

    private boolean knownCountry(int countryCode) {
        return !UNKNOWN_REGION.equals(phones.getRegionCodeForCountryCode(countryCode));
    }

    /**
     * National numbers start with a group of at most five digits, end in a group of at least
     * four ({@code 555-0123}) and are not
     * dates: {@code 2026-11-24 10} and {@code 13.10.2014} would otherwise read as valid numbers.
     */
    private static boolean groupedLikeAPhone(char[] a, int from, int to) {
        int last = 0;
        int first = -1;
        int second = -1;
        int groups = 0;
        int run = 0;
        for (int i = from; i <= to; i++) {
            if (i < to && Detector.isDigit(a[i])) {
                run++;
            } else if (run > 0) {
                groups++;
                if (first < 0) {
                    first = run;
                } else if (second < 0) {
                    second = run;
                }
                last = run;
                run = 0;
            }
        }
        boolean isoDate = first == 4 && groups >= 3;
        boolean dayMonthYear = groups == 3 && first <= 2 && second <= 2 && last == 4;
        // Area and trunk codes are short; "12345678-1234" opens a UUID, not a phone number.
        boolean shortFirstGroup = first <= 5;
        return last >= 4 && shortFirstGroup && !isoDate && !dayMonthYear;
    }

    /** A number starts at a '+' or '(' before a digit, or at a digit that does not continue a word. */
    private static boolean startsNumber(char[] a, int i, int from, int to) {
        char c = a[i];
        boolean opens = (c == '+' || c == '(') && i + 1 < to && Detector.isDigit(a[i + 1]);
        if (!opens && !Detector.isDigit(c)) {
            return false;
        }
        if (i == from || isTelUri(a, i, from)) {
            return true;
        }
        return !(Detector.isAsciiAlnum(a[i - 1]) || a[i - 1] == '.' || a[i - 1] == '-'
                || a[i - 1] == '+' || a[i - 1] == '/' || a[i - 1] == ':');
    }

    /** {@code tel:+14155552671}: the one place a number follows a colon. */
    private static boolean isTelUri(char[] a, int i, int from) {
        return i - from >= 4 && a[i - 1] == ':' && (a[i - 4] | 0x20) == 't' && (a[i - 3] | 0x20) == 'e'
                && (a[i - 2] | 0x20) == 'l' && (i - from == 4 || !Detector.isAsciiLetter(a[i - 5]));
    }

    private boolean valid(char[] a, int from, int to, boolean international) {
        try {
            Phonenumber.PhoneNumber number = international ? international(a, from, to) : null;
            if (number == null) {
                number = phones.parse(new String(a, from, to - from), international ? "ZZ" : defaultRegion);
            }
            // The home region first: +1 alone is shared by 25 regions, each tried in turn otherwise.
            return phones.isValidNumberForRegion(number, defaultRegion) || phones.isValidNumber(number);
        } catch (NumberParseException notANumber) {
            return false;
        }
    }
}
