package dev.airlock.core.engine;

import java.util.Objects;

/** What an engine made of a request body: an operation, or why the body is not one. */
public sealed interface Decoding {

    record Decoded(Operation operation) implements Decoding {
        public Decoded {
            Objects.requireNonNull(operation, "operation");
        }
    }

    /** @param reason one sentence the agent can act on; it never quotes the body back */
    record Malformed(String reason) implements Decoding {
        public Malformed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
