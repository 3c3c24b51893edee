package dev.airlock.masking;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The per-deployment key behind pseudonyms. Equal values give equal pseudonyms only under the
 * same key, so every gateway of a deployment must share it; without it nobody can tell
 * which value a pseudonym stands for. Never printed.
 */
public final class PseudonymKey {
    public static final int LENGTH = 32;
    private final byte[] key;

    private PseudonymKey(byte[] key) {
        if (key.length < LENGTH) {
            throw new IllegalArgumentException("a pseudonym key needs at least " + LENGTH + " bytes");
        }
        this.key = key.clone();
    }

    public static PseudonymKey of(byte[] key) {
        return new PseudonymKey(key);
    }

    public static PseudonymKey random() {
        byte[] key = new byte[LENGTH];
        new SecureRandom().nextBytes(key);
        return new PseudonymKey(key);
    }

    byte[] bytes() {
        return key.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PseudonymKey other && Arrays.equals(key, other.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "PseudonymKey[****]";
    }
}
