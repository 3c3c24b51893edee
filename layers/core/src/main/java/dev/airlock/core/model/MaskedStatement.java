package dev.airlock.core.model;

import java.util.List;

/**
 * A statement and its parameters as the audit trail may keep them.
 *
 * @param statement the statement text, masked
 * @param params    each parameter as text, masked ({@code "null"} for SQL NULL)
 */
public record MaskedStatement(String statement, List<String> params) {
    public MaskedStatement {
        params = List.copyOf(params);
    }
}
