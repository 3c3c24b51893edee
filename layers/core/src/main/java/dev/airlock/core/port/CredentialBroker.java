package dev.airlock.core.port;

import dev.airlock.core.model.AccessGrant;
import java.util.List;
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

    /**
     * Credentials that may do exactly {@code grants}, for a target whose credentials are scoped
     * per request (an STS session policy). A broker that holds one login per target ignores the
     * grants and hands out the login for {@code access}.
     *
     * @throws TargetUnavailableException when the credentials cannot be obtained
     */
    default TargetCredentials credentialsFor(String target, AgentIdentity agent, String requestId, Access access,
                                             List<AccessGrant> grants)
            throws TargetUnavailableException {
        return credentialsFor(target, agent, requestId, access);
    }
}
