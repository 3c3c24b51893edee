package dev.airlock.core.port;

import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.SqlClassification;
import dev.airlock.core.model.SqlDialect;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Everything policy may look at to decide one SQL request. */
public record AuthorizationQuery(AgentIdentity agent, String target, SqlDialect dialect,
                                 SqlClassification classification, Instant now, Optional<String> sourceIp) {
    public AuthorizationQuery {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(classification, "classification");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(sourceIp, "sourceIp");
    }
}
