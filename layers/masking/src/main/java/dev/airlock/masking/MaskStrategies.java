package dev.airlock.masking;

import dev.airlock.core.model.MaskStrategy;

import java.util.Locale;

/** What a masked value becomes under each strategy. */
final class MaskStrategies {
    private static final int KEEP_DIGITS = 4;
    /** Below this many letters and digits, keeping the last four would reveal most of the value. */
    private static final int MIN_LENGTH_FOR_PARTIAL = 8;

    private MaskStrategies() {
    }

    static Object apply(MaskStrategy strategy, String type, String value) {
        return switch (strategy) {
            case REDACT -> redact(type);
            case NULL -> null;
            case PARTIAL -> partial(type, value);
        };
    }

    static String redact(String type) {
        return "[" + type.toUpperCase(Locale.ROOT) + "]";
    }

    /** Emails keep their domain; everything else keeps its last four digits and its punctuation. */
    private static String partial(String type, String value) {
        int at = value.lastIndexOf('@');
        if (at > 0) {
            return "***" + value.substring(at);
        }
        int alnum = 0;
        int digits = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                alnum++;
            }
            if (Character.isDigit(c)) {
                digits++;
            }
        }
        if (alnum < MIN_LENGTH_FOR_PARTIAL || digits < KEEP_DIGITS) {
            return redact(type);
        }
        StringBuilder out = new StringBuilder(value.length());
        int digitsSeen = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isDigit(c)) {
                digitsSeen++;
                out.append(digitsSeen > digits - KEEP_DIGITS ? c : '*');
            } else {
                out.append(Character.isLetter(c) ? '*' : c);
            }
        }
        return out.toString();
    }
}
