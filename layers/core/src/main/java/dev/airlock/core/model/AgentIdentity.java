package dev.airlock.core.model;

import java.time.Instant;
import java.util.Objects;

/** The agent a verified gateway token names. */
public record AgentIdentity(String agentId, String tokenId, Instant tokenExpiresAt) {
    public AgentIdentity {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(tokenExpiresAt, "tokenExpiresAt");
    }
}
