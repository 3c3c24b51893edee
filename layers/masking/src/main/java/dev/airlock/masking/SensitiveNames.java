package dev.airlock.masking;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Columns and JSON fields whose name says what they hold: a {@code password} or an
 * {@code api_key} is a secret, a {@code birth_date} a date of birth, whatever the value looks
 * like. Names are split into words ({@code clientSecret}, {@code client_secret} and
 * {@code CLIENT-SECRET} are all "client", "secret").
 */
final class SensitiveNames {
    static final String SECRET = "secret";
    static final String DATE_OF_BIRTH = "date_of_birth";

    private static final Set<String> SECRET_WORDS = Set.of("password", "passwd", "pwd", "passphrase", "secret",
            "token", "credential", "authorization", "apikey", "privatekey", "accesskey",
            "secretkey", "sessionid", "cookie", "otp", "pin", "cvv", "cvc");
    private static final List<List<String>> SECRET_PHRASES = List.of(List.of("api", "key"), List.of("access", "key"),
            List.of("private", "key"), List.of("secret", "key"), List.of("session", "id"), List.of("client", "secret"),
            List.of("auth", "key"), List.of("signing", "key"));
    private static final Set<String> BIRTH_WORDS = Set.of("dob", "birthdate", "birthday", "dateofbirth");
    private static final List<List<String>> BIRTH_PHRASES = List.of(List.of("birth", "date"),
            List.of("date", "of", "birth"), List.of("birth", "day"));

    /**
     * Last words that describe a secret rather than hold it: {@code token_count},
     * {@code otp_enabled}, {@code password_changed_at}.
     */
    private static final Set<String> ABOUT_WORDS = Set.of("count", "enabled", "disabled", "consent", "type", "expires",
            "expiry", "expired", "expiration", "at", "length", "policy", "required", "changed", "updated", "created",
            "version", "status", "flag", "set", "ttl", "rotated", "algorithm", "alg", "scope", "scopes");
    /** First words of yes/no flags: {@code has_password}, {@code isOtpVerified}. */
    private static final Set<String> FLAG_WORDS = Set.of("is", "has", "should", "use", "uses", "allow", "require");

    private SensitiveNames() {
    }

    /** The type a column or field of this name holds, if its name gives it away. */
    static Optional<String> typeOf(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.empty();
        }
        List<String> words = words(name).stream().map(SensitiveNames::withoutTrailingDigits)
                .map(SensitiveNames::singular).toList();
        if (words.isEmpty() || ABOUT_WORDS.contains(words.getLast()) || FLAG_WORDS.contains(words.getFirst())) {
            return Optional.empty();
        }
        if (words.stream().anyMatch(SECRET_WORDS::contains) || containsPhrase(words, SECRET_PHRASES)) {
            return Optional.of(SECRET);
        }
        if (words.stream().anyMatch(BIRTH_WORDS::contains) || containsPhrase(words, BIRTH_PHRASES)) {
            return Optional.of(DATE_OF_BIRTH);
        }
        return Optional.empty();
    }

    /** {@code clientSecretKey} and {@code client_secret_key} are both [client, secret, key]. */
    static List<String> words(String name) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean boundary = !Character.isLetterOrDigit(c)
                    || (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(name.charAt(i - 1)));
            if (boundary && !word.isEmpty()) {
                words.add(word.toString().toLowerCase(Locale.ROOT));
                word.setLength(0);
            }
            if (Character.isLetterOrDigit(c)) {
                word.append(c);
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString().toLowerCase(Locale.ROOT));
        }
        return words;
    }

    /** {@code cvv2} and {@code password123} name what {@code cvv} and {@code password} do. */
    private static String withoutTrailingDigits(String word) {
        int end = word.length();
        while (end > 0 && Character.isDigit(word.charAt(end - 1))) {
            end--;
        }
        return end == 0 ? word : word.substring(0, end);
    }

    /** {@code tokens} and {@code passwords} name secrets as much as their singulars do. */
    private static String singular(String word) {
        return word.length() > 3 && word.endsWith("s") && !word.endsWith("ss") ? word.substring(0, word.length() - 1)
                : word;
    }

    private static boolean containsPhrase(List<String> words, List<List<String>> phrases) {
        for (List<String> phrase : phrases) {
            for (int i = 0; i + phrase.size() <= words.size(); i++) {
                if (words.subList(i, i + phrase.size()).equals(phrase)) {
                    return true;
                }
            }
        }
        return false;
    }
}
