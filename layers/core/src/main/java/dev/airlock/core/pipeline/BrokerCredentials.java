package dev.airlock.core.pipeline;

import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.model.RiskClass;
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
            // The same test ExecuteStatement uses for a READ ONLY transaction: reads get the reading login.
            CredentialBroker.Access access = x.classification != null && x.classification.risk() == RiskClass.READ
                    ? CredentialBroker.Access.READ : CredentialBroker.Access.WRITE;
            x.credentials = broker.credentialsFor(x.request.target(), x.agent, x.requestId, access);
            return Optional.empty();
        } catch (TargetUnavailableException e) {
            return x.refuse(ProblemKind.TARGET_UNAVAILABLE, e.getMessage());
        }
    }
}
