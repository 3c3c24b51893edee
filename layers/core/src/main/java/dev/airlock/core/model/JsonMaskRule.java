package dev.airlock.core.model;

import java.util.Locale;
import java.util.Objects;

/**
 * A masking obligation for JSON responses (AWS APIs): values at {@code path} are replaced with
 * {@code strategy} and counted as {@code type}. Paths are {@code $.a.b}, {@code $.items[*].email}
 * or {@code $..email} (a field of that name at any depth).
 */
public record JsonMaskRule(String path, String type, MaskStrategy strategy) {
    public JsonMaskRule {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("$")) {
            throw new IllegalArgumentException("a JSON path starts with $: " + path);
        }
        type = type.toLowerCase(Locale.ROOT);
        Objects.requireNonNull(strategy, "strategy");
    }
}
