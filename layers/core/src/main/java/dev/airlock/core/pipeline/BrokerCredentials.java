package dev.airlock.core.pipeline;

import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.port.CredentialBroker;
import dev.airlock.core.port.TargetUnavailableException;

import java.util.Optional;

/** Stage 6: credentials for this one request, held by the gateway and never shown to the agent. */
final class BrokerCredentials implements Stage {
    private final CredentialBroker broker;

    BrokerCredentials(CredentialBroker broker) {
        this.broker = broker;
    }

    @Override
    public Optional<PipelineOutcome> apply(SqlExchange x) {
        try {
            x.credentials = broker.credentialsFor(x.request.target(), x.agent, x.requestId);
            return Optional.empty();
        } catch (TargetUnavailableException e) {
            return x.refuse(ProblemKind.TARGET_UNAVAILABLE, e.getMessage());
        }
    }
}
