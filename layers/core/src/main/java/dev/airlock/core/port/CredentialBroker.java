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

    /** What the request will do on the target, so a broker can hand out a login that may do no more. */
    enum Access {
        /** Reads only: a login that may only SELECT. */
        READ,
        /** Changes rows. */
        WRITE
    }

    /**
     * Credentials for a request that needs {@code access}. A broker that holds one login per
     * target hands out the same one for both.
     *
     * @throws TargetUnavailableException when the credentials cannot be obtained
     */
    default TargetCredentials credentialsFor(String target, AgentIdentity agent, String requestId, Access access)
            throws TargetUnavailableException {
        return credentialsFor(target, agent, requestId);
    }
}
