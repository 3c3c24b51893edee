package dev.airlock.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What an auditor asks of the trail: requests in a time range, optionally of one agent, on
 * one target, or with one decision, newest first.
 *
 * @param decision ALLOW, DENY or APPROVAL_REQUIRED
 * @param limit    the most entries to return
 */
public record AuditSearch(Optional<String> agent, Optional<String> target, Optional<String> decision,
                          Instant from, Instant to, int limit) {
    public AuditSearch {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("the time range ends (" + to + ") before it starts (" + from + ")");
        }
    }
}
