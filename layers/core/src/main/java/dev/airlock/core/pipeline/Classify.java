package dev.airlock.core.pipeline;

import dev.airlock.core.engine.PreparedRequest;
import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.target.Target;
import dev.airlock.core.target.Targets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Stage 3: the operation must name a configured target of its protocol; the target's engine
 * classifies it. From here on the request IS the engine's reading of it: approvals hash and
 * store it, the audit trail records it, the target runs it.
 */
final class Classify implements Stage {
    private final Targets targets;

    Classify(Targets targets) {
        this.targets = targets;
    }

    @Override
    public StageResult apply(RequestState state) {
        String name = state.operation().target();
        Target<?> target = targets.find(name).orElse(null);
        String protocol = protocolOf(state);
        if (target == null || !target.protocol().equals(protocol)) {
            return state.refuse(ProblemKind.UNKNOWN_TARGET, "Target '" + name + "' is not configured"
                    + (target == null ? "" : " for " + protocol + " requests") + ". Configured targets: "
                    + String.join(", ", targets.names(protocol)) + ".");
        }
        PreparedRequest prepared = target.prepare(state.operation());
        return StageResult.next(state.withPrepared(target, prepared,
                sha256(prepared.canonicalForm(state.agent().agentId()))));
    }

    private static String protocolOf(RequestState state) {
        return switch (state.inbound()) {
            case InboundRequest inbound -> inbound.protocol();
            case ApprovedExecution ignored -> state.approval().pending().operation().protocol();
        };
    }

    static String sha256(String canonicalForm) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonicalForm.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
