package dev.airlock.masking;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

import java.util.List;

/**
 * Phone numbers in national or international format, found and validated by libphonenumber:
 * the number must be a valid number for its region, not just a run of digits.
 */
final class PhoneNumberDetector implements Detector {
    private static final int MIN_DIGITS = 7;
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
    public void scan(String text, List<Finding> findings) {
        if (countDigits(text) < MIN_DIGITS) {
            return;
        }
        for (PhoneNumberMatch match : phones.findNumbers(text, defaultRegion, PhoneNumberUtil.Leniency.VALID,
                Long.MAX_VALUE)) {
            findings.add(new Finding(match.start(), match.end(), type()));
        }
    }

    private static int countDigits(String text) {
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            if (Character.isDigit(text.charAt(i))) {
                digits++;
            }
        }
        return digits;
    }
}
