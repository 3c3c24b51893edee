package dev.airlock.core.model;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Objects;

/**
 * What policy decided for a request, and the obligations that come with an allow.
 *
 * @param effect    allow, deny, or allow after approval
 * @param policyIds the ids of the policies that decided (empty for a default deny)
 * @param reason    one sentence an agent can act on
 * @param maskRules     column masking obligations from the policies that allowed
 * @param jsonMaskRules JSON field masking obligations (AWS responses) from the policies that allowed
 * @param maxRows       the row cap for reads
 * @param approvals     what approval requires, when the effect is {@link Effect#APPROVAL_REQUIRED}
 */
public record PolicyDecision(Effect effect, List<String> policyIds, String reason, List<ColumnMaskRule> maskRules,
                             List<JsonMaskRule> jsonMaskRules, int maxRows, List<ApprovalRequirement> approvals,
                             Optional<Duration> statementTimeout) {
    public static final int DEFAULT_MAX_ROWS = 1000;

    public PolicyDecision {
        Objects.requireNonNull(effect, "effect");
        policyIds = List.copyOf(policyIds);
        Objects.requireNonNull(reason, "reason");
        maskRules = List.copyOf(maskRules);
        jsonMaskRules = List.copyOf(jsonMaskRules);
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be positive");
        }
        approvals = List.copyOf(approvals);
        Objects.requireNonNull(statementTimeout, "statementTimeout");
        if (effect == Effect.APPROVAL_REQUIRED && approvals.isEmpty()) {
            throw new IllegalArgumentException("an approval decision says what approval requires");
        }
    }

    /** A decision whose permits set no statement timeout of their own. */
    public PolicyDecision(Effect effect, List<String> policyIds, String reason, List<ColumnMaskRule> maskRules,
                          List<JsonMaskRule> jsonMaskRules, int maxRows, List<ApprovalRequirement> approvals) {
        this(effect, policyIds, reason, maskRules, jsonMaskRules, maxRows, approvals, Optional.empty());
    }

    public static PolicyDecision allow(List<String> policyIds, String reason, List<ColumnMaskRule> maskRules,
                                       int maxRows) {
        return new PolicyDecision(Effect.ALLOW, policyIds, reason, maskRules, List.of(), maxRows, List.of());
    }

    public static PolicyDecision deny(List<String> policyIds, String reason) {
        return new PolicyDecision(Effect.DENY, policyIds, reason, List.of(), List.of(), DEFAULT_MAX_ROWS, List.of());
    }
}
