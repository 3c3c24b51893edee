package dev.airlock.audit.aws;

import dev.airlock.aws.support.Items;

import dev.airlock.core.model.AuditOutcome;
import dev.airlock.core.model.RequestStatus;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
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

    private static final Map<String, AttributeValue> MARK_KEY = Map.of(
            "requestId", Items.s("reconciler#mark"), "phase", Items.s("mark"));

    private final DynamoDbClient dynamo;
    private final String table;
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
        this.dynamo = trail.dynamo();
        this.table = trail.table();
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
        Instant lookback = now.minus(LOOKBACK);
        Instant from = mark().filter(mark -> mark.isAfter(lookback)).orElse(lookback);
        if (!cutoff.isAfter(from)) {
            return 0;
        }
        Instant nextMark = cutoff;
        int marked = 0;
        for (AuditEntry entry : trail.withoutOutcome(from, cutoff)) {
            if (stillBeingWritten.test(entry.requestId())) {
                // Look at it again next time: its outcome may be among the records on their way.
                nextMark = entry.at().isBefore(nextMark) ? entry.at() : nextMark;
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
        moveMark(nextMark);
        return marked;
    }

    /**
     * Every request opened before the mark is closed, so each run reads only the intents since
     * the last one: a bookkeeping item, which search and verify pass over.
     */
    private Optional<Instant> mark() {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(MARK_KEY)).item();
        return item == null || !item.containsKey("closedBefore") ? Optional.empty()
                : Optional.of(Instant.parse(item.get("closedBefore").s()));
    }

    private void moveMark(Instant closedBefore) {
        Map<String, AttributeValue> item = new HashMap<>(MARK_KEY);
        // Fixed width, so the condition can compare it as a string.
        item.put("closedBefore", Items.s(DynamoDbAuditLog.timeKey(closedBefore)));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(closedBefore) OR closedBefore < :t")
                    .expressionAttributeValues(Map.of(":t", item.get("closedBefore"))));
        } catch (ConditionalCheckFailedException laterRunGotFurther) {
            // the mark only moves forward
        }
    }
}
