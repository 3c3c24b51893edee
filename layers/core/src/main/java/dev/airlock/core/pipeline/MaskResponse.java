package dev.airlock.core.pipeline;

/** Stage 10: the engine masks the answer by policy's rules and the content detectors before anything leaves. */
final class MaskResponse implements Stage {

    @Override
    public StageResult apply(RequestState state) {
        return StageResult.next(state.withResponse(state.executed().mask(state.decision())));
    }
}
