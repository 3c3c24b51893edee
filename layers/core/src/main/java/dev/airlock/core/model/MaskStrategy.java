package dev.airlock.core.model;

import java.util.Locale;

/** How a value that must not leave the gateway is replaced. */
public enum MaskStrategy {
    /** The whole value becomes its type in brackets: {@code [EMAIL]}. */
    REDACT,
    /** Keeps what identifies nobody: the last four digits, or the domain of an email. */
    PARTIAL,
    /**
     * A keyed, deterministic token: equal values give equal tokens ({@code email_9f86d081884c7d65}),
     * so joins and counts still work, and nobody without the deployment's key can reverse them.
     */
    PSEUDONYM,
    /** The value becomes SQL NULL / JSON null. */
    NULL;

    public static MaskStrategy parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown mask strategy '" + name
                    + "' (use redact, partial, pseudonym or null)");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
