package dev.airlock.core.pipeline;

import dev.airlock.core.port.PolicyEngine;
import dev.airlock.core.port.PolicyQuery;

import java.time.Clock;

/** Stage 4: policy decides every check the engine made; the decision is enforced only after the intent is on record. */
final class Authorize implements Stage {
    private final PolicyEngine policy;
    private final Clock clock;

    Authorize(PolicyEngine policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public StageResult apply(RequestState state) {
        return StageResult.next(state.withDecision(policy.decide(new PolicyQuery(state.agent(),
                state.prepared().policyChecks(), state.prepared().rowFolding(), clock.instant(),
                state.inbound().sourceIp()))));
    }
}
