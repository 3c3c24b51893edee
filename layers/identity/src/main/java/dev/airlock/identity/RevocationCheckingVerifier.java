package dev.airlock.identity;

import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.port.TokenRejectedException;
import dev.airlock.core.port.TokenVerifier;

/** A verified gateway token is still refused when its id or its agent has been revoked. */
public final class RevocationCheckingVerifier implements TokenVerifier {
    private final TokenVerifier verifier;
    private final RevocationFile revocations;

    public RevocationCheckingVerifier(TokenVerifier verifier, RevocationFile revocations) {
        this.verifier = verifier;
        this.revocations = revocations;
    }

    @Override
    public AgentIdentity verify(String bearerToken) throws TokenRejectedException {
        AgentIdentity agent = verifier.verify(bearerToken);
        if (revocations.isTokenRevoked(agent.tokenId())) {
            throw new TokenRejectedException("The token has been revoked: get a new one.");
        }
        if (revocations.isAgentRevoked(agent.agentId())) {
            throw new TokenRejectedException("Agent " + agent.agentId() + " has been revoked; an operator "
                    + "restores it with ./airlock revoke --agent " + agent.agentId() + " --restore.");
        }
        return agent;
    }
}
