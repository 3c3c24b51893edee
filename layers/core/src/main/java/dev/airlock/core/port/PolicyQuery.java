package dev.airlock.core.port;

import dev.airlock.core.model.AgentIdentity;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything policy decides one request on: who asks, every check the request's engine made of
 * it (all must allow), and when and from where it was asked.
 *
 * @param rowFolding parts of the request that fold any number of rows into one value; a policy
 *                   that caps rows cannot bound them, so such a request is denied under a cap
 */
public record PolicyQuery(AgentIdentity agent, List<PolicyCheck> checks, List<String> rowFolding, Instant now,
                          Optional<String> sourceIp) {
    public PolicyQuery {
        Objects.requireNonNull(agent, "agent");
        checks = List.copyOf(checks);
        if (checks.isEmpty()) {
            throw new IllegalArgumentException("a request with nothing to check cannot be decided");
        }
        rowFolding = List.copyOf(rowFolding);
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(sourceIp, "sourceIp");
    }
}
