package dev.airlock.identity;

import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.port.TokenRejectedException;
import dev.airlock.core.port.TokenVerifier;

import java.time.Instant;
import java.util.Optional;

/**
 * A verified gateway token is still refused when its id or its agent has been revoked, or when
 * it was issued before its agent was restored from a revocation.
 */
public final class RevocationCheckingVerifier implements TokenVerifier {
    private final TokenVerifier verifier;
    private final Revocations revocations;

    public RevocationCheckingVerifier(TokenVerifier verifier, Revocations revocations) {
        this.verifier = verifier;
        this.revocations = revocations;
    }

    @Override
    public AgentIdentity verify(String bearerToken) throws TokenRejectedException {
        AgentIdentity agent = verifier.verify(bearerToken);
        boolean tokenRevoked;
        boolean agentRevoked;
        Optional<Instant> restoredAt;
        try {
            tokenRevoked = revocations.isTokenRevoked(agent.tokenId());
            agentRevoked = revocations.isAgentRevoked(agent.agentId());
            restoredAt = revocations.agentRestoredAt(agent.agentId());
        } catch (RuntimeException unreadable) {
            // Fail closed: a revocation must not be missed because its store is out of reach.
            throw new TokenRejectedException("Airlock cannot check revocations right now; try again shortly.");
        }
        if (tokenRevoked) {
            throw new TokenRejectedException("The token has been revoked: get a new one.");
        }
        if (agentRevoked) {
            throw new TokenRejectedException("Agent " + agent.agentId() + " has been revoked; an operator "
                    + "restores it with ./airlock revoke --agent " + agent.agentId() + " --restore.");
        }
        // iat has whole seconds: a token minted in the second of the restore is refused too (fail closed).
        if (restoredAt.isPresent() && !agent.tokenIssuedAt().isAfter(restoredAt.get())) {
            throw new TokenRejectedException("The token was issued before agent " + agent.agentId() + " was "
                    + "restored from a revocation, and restoring an agent does not revive its old tokens: get a new "
                    + "one.");
        }
        return agent;
    }
}
