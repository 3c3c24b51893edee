package dev.airlock.core.pipeline;

import dev.airlock.core.port.ResponseMasker;

import java.util.Optional;

/** Stage 9: column rules from policy, followed through the statement's lineage, and content detectors, before anything leaves. */
final class MaskResponse implements Stage {
    private final ResponseMasker masker;

    MaskResponse(ResponseMasker masker) {
        this.masker = masker;
    }

    @Override
    public Optional<PipelineOutcome> apply(SqlExchange x) {
        x.masked = masker.mask(x.result, x.decision.maskRules(), x.classification.lineage());
        return Optional.empty();
    }
}
