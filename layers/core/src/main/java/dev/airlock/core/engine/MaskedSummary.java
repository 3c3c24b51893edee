package dev.airlock.core.engine;

import java.util.List;
import java.util.Objects;

/**
 * A request as the audit trail and approvers see it: its text and values with every masked value
 * replaced, never the raw request.
 *
 * @param text   the statement or call, masked
 * @param values its parameters or input values, masked
 */
public record MaskedSummary(String text, List<String> values) {
    public MaskedSummary {
        Objects.requireNonNull(text, "text");
        values = List.copyOf(values);
    }
}
