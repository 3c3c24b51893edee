package dev.airlock.core.fakes;

import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.port.TokenRejectedException;
import dev.airlock.core.port.TokenVerifier;

import java.time.Instant;
import java.util.Map;

/** Tokens by their text: each known token names its agent, any other is rejected. */
public final class FakeTokens implements TokenVerifier {
    public final Map<String, String> agentsByToken;

    public FakeTokens(Map<String, String> agentsByToken) {
        this.agentsByToken = Map.copyOf(agentsByToken);
    }

    @Override
    public AgentIdentity verify(String token) throws TokenRejectedException {
        String agent = agentsByToken.get(token);
        if (agent == null) {
            throw new TokenRejectedException("The token's signature is not valid.");
        }
        return new AgentIdentity(agent, "jti-" + token, Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2030-01-01T00:00:00Z"));
    }
}
