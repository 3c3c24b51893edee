package dev.airlock.core.pipeline;

import dev.airlock.core.engine.Decoding;
import dev.airlock.core.engine.Engine;
import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.target.Targets;

/**
 * Stage 2: the protocol's engine reads the body. A body that is not one valid operation ends
 * the request; an operation gets its blind summary at once, so even a request refused next is
 * recorded with every value masked.
 */
final class Decode implements Stage {
    private final Targets targets;

    Decode(Targets targets) {
        this.targets = targets;
    }

    @Override
    public StageResult apply(RequestState state) {
        InboundRequest inbound = (InboundRequest) state.inbound();
        Engine<?> engine = targets.engine(inbound.protocol()).orElse(null);
        if (engine == null) {
            return state.refuse(ProblemKind.NOT_FOUND, "This gateway does not serve " + inbound.protocol()
                    + " requests.");
        }
        return switch (engine.decode(inbound.body())) {
            case Decoding.Malformed malformed -> state.refuse(ProblemKind.MALFORMED_REQUEST, malformed.reason());
            case Decoding.Decoded decoded -> StageResult.next(
                    state.withOperation(decoded.operation(), engine.blindSummary(decoded.operation())));
        };
    }
}
