package dev.airlock.core.model;

import java.util.Locale;

/** How a value that must not leave the gateway is replaced. */
public enum MaskStrategy {
    /** The whole value becomes its type in brackets: {@code [EMAIL]}. */
    REDACT,
    /** Keeps what identifies nobody: the last four digits, or the domain of an email. */
    PARTIAL,
    /** The value becomes SQL NULL / JSON null. */
    NULL;

    public static MaskStrategy parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown mask strategy '" + name + "' (use redact, partial or null)");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
