package dev.airlock.core.port;

import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.TargetCredentials;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Sends each target to its own broker: for example database logins from a secrets file for
 * the demo database, and STS sessions for RDS Data API targets. A target no broker is named
 * for goes to the fallback, if there is one.
 */
public final class RoutingCredentialBroker implements CredentialBroker {
    private final Map<String, CredentialBroker> byTarget;
    private final Optional<CredentialBroker> fallback;

    public RoutingCredentialBroker(Map<String, ? extends CredentialBroker> byTarget,
                                   Optional<? extends CredentialBroker> fallback) {
        this.byTarget = Map.copyOf(new TreeMap<>(byTarget));
        this.fallback = fallback.map(b -> (CredentialBroker) b);
    }

    @Override
    public TargetCredentials credentialsFor(String target, AgentIdentity agent, String requestId)
            throws TargetUnavailableException {
        return brokerFor(target).credentialsFor(target, agent, requestId);
    }

    @Override
    public TargetCredentials credentialsFor(String target, AgentIdentity agent, String requestId, Access access)
            throws TargetUnavailableException {
        return brokerFor(target).credentialsFor(target, agent, requestId, access);
    }

    private CredentialBroker brokerFor(String target) throws TargetUnavailableException {
        CredentialBroker broker = byTarget.get(target);
        if (broker == null) {
            broker = fallback.orElseThrow(() -> new TargetUnavailableException("Target '" + target
                    + "' has no credentials configured.", null));
        }
        return broker;
    }
}
