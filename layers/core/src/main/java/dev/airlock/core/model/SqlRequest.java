package dev.airlock.core.model;

import java.util.List;
import java.util.Objects;

/**
 * What an agent asks to run: one SQL statement on a named target, with positional
 * parameters ({@code ?} placeholders) holding JSON scalars: String, Number, Boolean or null.
 */
public record SqlRequest(String target, String sql, List<Object> params) {
    public SqlRequest {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(sql, "sql");
        params = params == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(params));
    }
}
