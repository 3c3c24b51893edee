package dev.airlock.core.model;

import dev.airlock.core.engine.HeldOperation;
import dev.airlock.core.engine.Operation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an agent asks to run: one SQL statement on a named target, with positional
 * parameters ({@code ?} placeholders) holding JSON scalars: String, Number, Boolean or null.
 */
public record SqlRequest(String target, String sql, List<Object> params) implements Operation {
    /** The SQL engine's protocol name. */
    public static final String PROTOCOL = "sql";

    public SqlRequest {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(sql, "sql");
        params = params == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(params));
    }

    /** The request as a held request stores it. */
    public HeldOperation held() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("sql", sql);
        input.put("params", params);
        return new HeldOperation(PROTOCOL, target, input);
    }

    /** Reads back what {@link #held()} stored. */
    public static SqlRequest fromHeld(HeldOperation held) {
        if (!PROTOCOL.equals(held.protocol()) || !(held.input().get("sql") instanceof String sql)) {
            throw new IllegalArgumentException("not a held SQL request");
        }
        List<Object> params = held.input().get("params") instanceof List<?> list ? new ArrayList<>(list) : List.of();
        return new SqlRequest(held.target(), sql, params);
    }
}
