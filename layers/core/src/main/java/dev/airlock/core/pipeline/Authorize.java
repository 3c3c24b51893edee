package dev.airlock.core.pipeline;

import dev.airlock.core.port.AuthorizationQuery;
import dev.airlock.core.port.PolicyEngine;

import java.time.Clock;
import java.util.Optional;

/** Stage 3: policy decides; the decision is enforced only after the intent is on record. */
final class Authorize implements Stage {
    private final PolicyEngine policy;
    private final Clock clock;

    Authorize(PolicyEngine policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public Optional<PipelineOutcome> apply(SqlExchange x) {
        x.decision = policy.decide(new AuthorizationQuery(x.agent, x.request.target(), x.target.dialect(),
                x.classification, clock.instant(), x.inbound.sourceIp()));
        return Optional.empty();
    }
}
