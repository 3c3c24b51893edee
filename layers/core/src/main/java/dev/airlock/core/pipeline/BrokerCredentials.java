package dev.airlock.core.pipeline;

import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.model.RiskClass;
import dev.airlock.core.port.CredentialBroker;
import dev.airlock.core.port.TargetUnavailableException;

/**
 * Stage 8: credentials for this one request from the target's own broker, held by the gateway and
 * never shown to the agent. Reads get a login that may only read; a target whose credentials are
 * scoped per request (an STS session) gets exactly the request's grants.
 */
final class BrokerCredentials implements Stage {

    @Override
    public StageResult apply(RequestState state) {
        CredentialBroker.Access access = state.prepared().facts().risk() == RiskClass.READ
                ? CredentialBroker.Access.READ : CredentialBroker.Access.WRITE;
        try {
            return StageResult.next(state.withCredentials(state.target().credentials()
                    .credentialsFor(state.target().name(), state.agent(), state.requestId(), access,
                            state.prepared().grants())));
        } catch (TargetUnavailableException e) {
            return state.refuse(ProblemKind.TARGET_UNAVAILABLE, e.getMessage());
        }
    }
}
