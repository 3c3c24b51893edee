package dev.airlock.masking;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

import java.util.List;

/**
 * Phone numbers written as phone numbers: with a country code ({@code +44 20 7946 0958}) or
 * in a formatted national form ({@code (212) 555-0123}, {@code 212-555-0123}), 7 to 15 digits,
 * confirmed a valid number for its region by libphonenumber. Bare digit runs are left alone:
 * they are far more often order numbers than phones.
 */
final class PhoneNumberDetector implements Detector {
    private static final int MIN_DIGITS = 7;
    // E.164 allows 15 digits; libphonenumber accepts a few national plans with longer numbers.
    private static final int MAX_DIGITS = 17;
    private static final int MAX_LENGTH = 28;
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
        return p.digits >= MIN_DIGITS;
    }

    @Override
    public void scan(char[] a, int from, int to, List<Finding> findings) {
        int i = from;
        while (i < to) {
            if (!startsNumber(a, i, from, to)) {
                i++;
                continue;
            }
            int end = i;
            int digits = 0;
            int separators = 0;
            boolean parentheses = false;
            while (end < to && end - i < MAX_LENGTH && digits < MAX_DIGITS) {
                char c = a[end];
                if (Detector.isDigit(c)) {
                    digits++;
                } else if (c == ' ' || c == '-' || c == '.') {
                    separators++;
                } else if (c == '(' || c == ')') {
                    parentheses = true;
                } else if (!(c == '+' && end == i)) {
                    break;
                }
                end++;
            }
            while (end > i && !Detector.isDigit(a[end - 1])) {
                end--;
            }
            boolean international = a[i] == '+';
            boolean formatted = (separators >= 2 || parentheses) && groupedLikeAPhone(a, i, end);
            boolean bounded = end >= to || !Detector.isAsciiAlnum(a[end]);
            if (digits >= MIN_DIGITS && bounded && (international || formatted) && valid(a, i, end, international)) {
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

    /**
     * National numbers end in a group of at least four digits ({@code 555-0123}) and are not
     * dates ({@code 2026-11-24 10} would otherwise read as a valid Washington number).
     */
    private static boolean groupedLikeAPhone(char[] a, int from, int to) {
        int last = 0;
        int first = -1;
        int groups = 0;
        int run = 0;
        for (int i = from; i <= to; i++) {
            if (i < to && Detector.isDigit(a[i])) {
                run++;
            } else if (run > 0) {
                groups++;
                if (first < 0) {
                    first = run;
                }
                last = run;
                run = 0;
            }
        }
        boolean dateLike = first == 4 && groups >= 3;
        return last >= 4 && !dateLike;
    }

    /** A number starts at a '+' or '(' before a digit, or at a digit that does not continue a word. */
    private static boolean startsNumber(char[] a, int i, int from, int to) {
        char c = a[i];
        boolean opens = (c == '+' || c == '(') && i + 1 < to && Detector.isDigit(a[i + 1]);
        if (!opens && !Detector.isDigit(c)) {
            return false;
        }
        return i == from || !(Detector.isAsciiAlnum(a[i - 1]) || a[i - 1] == '.' || a[i - 1] == '-'
                || a[i - 1] == '+' || a[i - 1] == '/' || a[i - 1] == ':');
    }

    private boolean valid(char[] a, int from, int to, boolean international) {
        try {
            return phones.isValidNumber(phones.parse(new String(a, from, to - from),
                    international ? "ZZ" : defaultRegion));
        } catch (NumberParseException notANumber) {
            return false;
        }
    }
}
