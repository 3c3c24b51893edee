package dev.airlock.core.port;

import dev.airlock.core.model.AgentIdentity;

/** Checks a gateway token and says which agent it names. */
public interface TokenVerifier {

    /**
     * @param bearerToken the compact JWT from the {@code Authorization: Bearer} header
     * @return the agent the token names
     * @throws TokenRejectedException when the token is malformed, expired, not yet valid, signed by
     *                                an unknown key, or meant for another issuer or audience
     */
    AgentIdentity verify(String bearerToken) throws TokenRejectedException;
}
