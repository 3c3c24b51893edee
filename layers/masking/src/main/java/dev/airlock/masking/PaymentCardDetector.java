package dev.airlock.masking;

import org.apache.commons.validator.routines.CreditCardValidator;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Payment card numbers: 13 to 19 digits, optionally grouped by spaces or dashes, not part of a
 * longer digit run, that pass the Luhn check and fall in a known issuer range.
 */
final class PaymentCardDetector implements Detector {
    // Every repetition consumes a digit, so a failed match backtracks at most 19 steps.
    private static final Pattern CANDIDATE = Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d])");
    private final CreditCardValidator validator = new CreditCardValidator(CreditCardValidator.AMEX
            + CreditCardValidator.VISA + CreditCardValidator.MASTERCARD + CreditCardValidator.DISCOVER
            + CreditCardValidator.DINERS + CreditCardValidator.VPAY);

    @Override
    public String type() {
        return "card";
    }

    @Override
    public void scan(String text, List<Finding> findings) {
        if (!hasDigitRun(text)) {
            return;
        }
        Matcher m = CANDIDATE.matcher(text);
        while (m.find()) {
            String digits = m.group().replace(" ", "").replace("-", "");
            if (validator.isValid(digits)) {
                findings.add(new Finding(m.start(), m.end(), type()));
            }
        }
    }

    /** Cheap pre-check: at least 13 digits in the text. */
    private static boolean hasDigitRun(String text) {
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            if (Character.isDigit(text.charAt(i)) && ++digits >= 13) {
                return true;
            }
        }
        return false;
    }
}
