package dev.airlock.aws;

import dev.airlock.core.model.AuditOutcome;
import dev.airlock.core.model.RequestStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Finds requests whose intent was recorded but whose outcome never came (the gateway crashed,
 * was killed or timed out mid-request) and records their outcome as
 * {@link RequestStatus#OUTCOME_UNKNOWN}, so the trail never leaves a request silently open.
 * A request counts as abandoned once it is older than {@code grace}, which must exceed the
 * longest a request can run.
 */
public final class DynamoDbAuditReconciler {
    /** How far back each run looks; older open requests were reconciled by earlier runs. */
    public static final Duration LOOKBACK = Duration.ofDays(7);
    private static final int MAX_PER_RUN = 10_000;

    private final DynamoDbAuditTrail trail;
    private final DynamoDbAuditLog log;
    private final Duration grace;
    private final Clock clock;
    private final Predicate<String> stillBeingWritten;

    public DynamoDbAuditReconciler(DynamoDbAuditTrail trail, DynamoDbAuditLog log, Duration grace, Clock clock) {
        this(trail, log, grace, clock, requestId -> false);
    }

    /**
     * @param stillBeingWritten true for a request whose records are on their way to the table
     *                          (a {@link JournaledAuditLog} not yet shipped): its outcome may
     *                          be among them, so it is not abandoned
     */
    public DynamoDbAuditReconciler(DynamoDbAuditTrail trail, DynamoDbAuditLog log, Duration grace, Clock clock,
                                   Predicate<String> stillBeingWritten) {
        this.trail = trail;
        this.log = log;
        this.grace = grace;
        this.clock = clock;
        this.stillBeingWritten = stillBeingWritten;
    }

    /** Marks every request older than the grace that has no outcome; returns how many it marked. */
    public int reconcile() {
        return reconcileOpenedBefore(clock.instant().minus(grace));
    }

    /**
     * Marks every request opened before {@code cutoff} that has no outcome. A gateway that knows
     * no other gateway can still be running them (the local one holds its data folder's lock)
     * passes its own start time and need not wait out the grace.
     */
    public int reconcileOpenedBefore(Instant cutoff) {
        Instant now = clock.instant();
        int marked = 0;
        for (AuditEntry entry : trail.search(new AuditSearch(Optional.empty(), Optional.empty(), Optional.empty(),
                now.minus(LOOKBACK), cutoff, MAX_PER_RUN))) {
            if (entry.outcome().isPresent() || stillBeingWritten.test(entry.requestId())) {
                continue;
            }
            try {
                log.recordOutcome(new AuditOutcome(entry.requestId(), now, RequestStatus.OUTCOME_UNKNOWN,
                        Duration.between(entry.at(), now).toMillis(), Optional.empty(), Optional.empty(), Map.of(),
                        Optional.empty(), Optional.of("The gateway stopped before recording how this request ended; "
                        + "it may or may not have run.")));
                marked++;
            } catch (AuditRecordExistsException e) {
                // Records are never overwritten: a real outcome written since the search stands.
            }
        }
        return marked;
    }
}
