package dev.airlock.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One approver's approval of a held request.
 *
 * @param approverId the declared approver
 * @param groups     the required approver groups this approver counted for
 * @param at         when it was given
 */
public record ApproverDecision(String approverId, List<String> groups, Instant at) {
    public ApproverDecision {
        Objects.requireNonNull(approverId, "approverId");
        groups = List.copyOf(groups);
        Objects.requireNonNull(at, "at");
    }
}
