package dev.airlock.core.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An operation as a held request stores it: Airlock's own form of it (never the agent's bytes), as
 * JSON-like values, so stores keep it without knowing the protocol and its engine reads it back.
 *
 * @param protocol the engine that reads it back
 * @param target   the target it runs on
 * @param input    the operation's fields: strings, numbers, booleans, nulls and lists of them
 */
public record HeldOperation(String protocol, String target, Map<String, Object> input) {
    public HeldOperation {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(target, "target");
        input = Collections.unmodifiableMap(new LinkedHashMap<>(input));
    }
}
