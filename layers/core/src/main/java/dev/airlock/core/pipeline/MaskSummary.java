package dev.airlock.core.pipeline;

import dev.airlock.core.model.Effect;

/**
 * Stage 5: the request as the audit trail and approvers' notices keep it, once policy has named
 * the masked values. A denial names none, so the blind summary of every value masked stands.
 */
final class MaskSummary implements Stage {

    @Override
    public StageResult apply(RequestState state) {
        if (state.decision().effect() == Effect.DENY) {
            return StageResult.next(state);
        }
        return StageResult.next(state.withSummary(state.prepared().summary(state.decision())));
    }
}
