package dev.airlock.core.pipeline;

import java.util.Objects;

/** What a stage did: the request goes on with the new state, or ends with an outcome. */
sealed interface StageResult {

    record Next(RequestState state) implements StageResult {
        public Next {
            Objects.requireNonNull(state, "state");
        }
    }

    record End(PipelineOutcome outcome) implements StageResult {
        public End {
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    static StageResult next(RequestState state) {
        return new Next(state);
    }

    static StageResult end(PipelineOutcome outcome) {
        return new End(outcome);
    }
}
