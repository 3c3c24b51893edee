package dev.airlock.core.port;

import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.TargetCredentials;

/** Hands out the credentials a target needs for one request; the agent never sees them. */
public interface CredentialBroker {

    /**
     * @throws TargetUnavailableException when the credentials cannot be obtained
     */
    TargetCredentials credentialsFor(String target, AgentIdentity agent, String requestId)
            throws TargetUnavailableException;
}
