package dev.airlock.core.pipeline;

import dev.airlock.core.engine.Execution;
import dev.airlock.core.engine.ExecutionRequest;

/** Stage 9: the engine runs exactly what policy decided on, in its own form of it, with the brokered credentials. */
final class Execute implements Stage {

    @Override
    public StageResult apply(RequestState state) {
        Execution execution = state.prepared().execute(state.credentials(),
                new ExecutionRequest(state.requestId(), state.agent().agentId(), state.decision()));
        return switch (execution) {
            case Execution.Ran ran -> StageResult.next(state.withExecuted(ran.answer()));
            case Execution.Failed failed -> StageResult.end(
                    new PipelineOutcome.Refused(state.requestId(), failed.problem()));
        };
    }
}
