package dev.airlock.core.model;

import java.time.Instant;
import java.util.Objects;

/** The agent a verified gateway token names, and the token's id and lifetime. */
public record AgentIdentity(String agentId, String tokenId, Instant tokenIssuedAt, Instant tokenExpiresAt) {
    public AgentIdentity {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(tokenIssuedAt, "tokenIssuedAt");
        Objects.requireNonNull(tokenExpiresAt, "tokenExpiresAt");
    }
}
