package dev.airlock.core.model;

import java.time.Duration;
import java.util.Objects;

/**
 * What a policy demands before a request may run: distinct approvals from members of an
 * approver group, within a time, and how long an approval stays usable.
 *
 * @param group     the approver group whose members may approve
 * @param approvals how many distinct approvers must approve
 * @param maxWait   how long the request waits for approval before it expires
 * @param validFor  how long an approval stays usable once given
 */
public record ApprovalRequirement(String group, int approvals, Duration maxWait, Duration validFor) {
    public static final String DEFAULT_GROUP = "approvers";
    public static final Duration DEFAULT_WAIT = Duration.ofHours(1);
    public static final Duration DEFAULT_VALID = Duration.ofMinutes(15);

    public ApprovalRequirement {
        Objects.requireNonNull(group, "group");
        if (approvals < 1) {
            throw new IllegalArgumentException("at least one approval");
        }
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(validFor, "validFor");
    }

    public static ApprovalRequirement defaults() {
        return new ApprovalRequirement(DEFAULT_GROUP, 1, DEFAULT_WAIT, DEFAULT_VALID);
    }
}
