package dev.airlock.identity;

import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.port.TokenRejectedException;
import dev.airlock.core.port.TokenVerifier;

/** A verified gateway token is still refused when its id or its agent has been revoked. */
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
        try {
            tokenRevoked = revocations.isTokenRevoked(agent.tokenId());
            agentRevoked = revocations.isAgentRevoked(agent.agentId());
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
        return agent;
    }
}
