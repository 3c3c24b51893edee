package dev.airlock.core.port;

import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.SqlClassification;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Everything policy may look at to decide one SQL request. */
public record AuthorizationQuery(AgentIdentity agent, String target, SqlClassification classification,
                                 Instant now, Optional<String> sourceIp) {
    public AuthorizationQuery {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(classification, "classification");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(sourceIp, "sourceIp");
    }
}
