package dev.airlock.masking;

import dev.airlock.core.model.MaskStrategy;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a value becomes under each strategy:
 * <ul>
 *   <li>redact: its type in brackets, {@code [EMAIL]};</li>
 *   <li>partial: what identifies nobody, {@code ***@example.com}, {@code ****-****-****-1111},
 *       {@code 10.1.2.*}, {@code 1984-**-**}; secrets are never shown in part;</li>
 *   <li>pseudonym: {@code email_9f86d081884c7d65}, the same for equal values (case and
 *       punctuation aside) under the deployment's key, so joins still work;</li>
 *   <li>null: nothing at all (inside free text, where a value cannot vanish, it is redacted).</li>
 * </ul>
 */
final class Masks {
    private static final int KEEP = 4;
    private static final int MIN_ALNUM_FOR_PARTIAL = 8;
    private static final Set<String> NEVER_PARTIAL = Set.of("secret", "jwt", "private_key", "aws_access_key",
            "aws_secret_key");

    private final Optional<ThreadLocal<Mac>> hmac;

    Masks(Optional<PseudonymKey> key) {
        this.hmac = key.map(k -> ThreadLocal.withInitial(() -> mac(k)));
    }

    private static Mac mac(PseudonymKey key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.bytes(), "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java runtime", e);
        }
    }

    boolean canPseudonymise() {
        return hmac.isPresent();
    }

    /** The replacement for a whole value; null for the null strategy. */
    String apply(MaskStrategy strategy, String type, String value) {
        return switch (strategy) {
            case REDACT -> redact(type);
            case NULL -> null;
            case PARTIAL -> partial(type, value);
            case PSEUDONYM -> pseudonym(type, value);
        };
    }

    /** The replacement for part of a text, where null is not possible. */
    String applyInText(MaskStrategy strategy, String type, String value) {
        String masked = apply(strategy, type, value);
        return masked == null ? redact(type) : masked;
    }

    static String redact(String type) {
        return "[" + type.toUpperCase(Locale.ROOT) + "]";
    }

    private String pseudonym(String type, String value) {
        Mac mac = hmac.orElseThrow(() -> new IllegalStateException("A policy asks for pseudonyms but this gateway "
                + "has no pseudonym key; configure one (see docs/masking.md).")).get();
        byte[] digest = mac.doFinal((type + '\u0000' + normalise(type, value)).getBytes(StandardCharsets.UTF_8));
        return type + "_" + HexFormat.of().formatHex(digest, 0, 8);
    }

    /** Equal values written differently are the same person: case, spaces and dashes aside. */
    private static String normalise(String type, String value) {
        String trimmed = value.strip();
        return switch (type) {
            case "email" -> trimmed.toLowerCase(Locale.ROOT);
            case "phone", "card", "ssn", "iban" -> trimmed.replaceAll("[^0-9A-Za-z+]", "").toUpperCase(Locale.ROOT);
            default -> trimmed;
        };
    }

    private static String partial(String type, String value) {
        if (NEVER_PARTIAL.contains(type)) {
            return redact(type);
        }
        if (type.equals("email")) {
            int at = value.lastIndexOf('@');
            // Not an address after all: showing its tail could show most of it.
            return at > 0 ? "***" + value.substring(at) : redact(type);
        }
        if (type.equals("ip_address")) {
            return partialIp(value);
        }
        if (type.equals(SensitiveNames.DATE_OF_BIRTH)) {
            return value.matches("\\d{4}-\\d{2}-\\d{2}.*") ? value.substring(0, 4) + "-**-**" : redact(type);
        }
        return keepLastFour(type, value);
    }

    private static String partialIp(String value) {
        int lastDot = value.lastIndexOf('.');
        if (value.indexOf(':') < 0 && lastDot > 0) {
            return value.substring(0, lastDot) + ".*";
        }
        String[] groups = value.split(":");
        return groups.length > 3 ? String.join(":", groups[0], groups[1], groups[2]) + ":*" : redact("ip_address");
    }

    /** Every letter and digit but the last four becomes {@code *}; punctuation stays, so the shape does. */
    private static String keepLastFour(String type, String value) {
        int alnum = 0;
        for (int i = 0; i < value.length(); i++) {
            if (Character.isLetterOrDigit(value.charAt(i))) {
                alnum++;
            }
        }
        if (alnum < MIN_ALNUM_FOR_PARTIAL) {
            return redact(type);
        }
        StringBuilder out = new StringBuilder(value.length());
        int seen = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                seen++;
                out.append(seen > alnum - KEEP ? c : '*');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
