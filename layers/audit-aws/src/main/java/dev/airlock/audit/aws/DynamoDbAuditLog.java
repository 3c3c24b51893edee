package dev.airlock.audit.aws;

import dev.airlock.aws.support.AirlockTables;
import dev.airlock.aws.support.Items;

import dev.airlock.core.model.ApprovalEvent;
import dev.airlock.core.model.AuditIntent;
import dev.airlock.core.model.AuditOutcome;
import dev.airlock.core.port.AuditLog;
import dev.airlock.core.port.AuditUnavailableException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The audit trail in DynamoDB. Records are written once: a put that would overwrite an
 * existing record fails, so an intent or outcome cannot be silently replaced. Every record is
 * also appended to a hash chain ({@link AuditChains}), so editing, deleting, inserting or
 * reordering records afterwards is detected by {@link DynamoDbAuditVerifier}.
 */
public final class DynamoDbAuditLog implements AuditLog {
    static final String INTENT = "intent";
    static final String OUTCOME = "outcome";
    /** Phases of a held request's approval records start with this, then their time and kind. */
    static final String APPROVAL_PREFIX = "approval#";

    private static final int MAX_APPEND_ATTEMPTS = 8;

    private final DynamoDbClient dynamo;
    private final String table;
    private final AuditChains chains;

    public DynamoDbAuditLog(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
        this.chains = new AuditChains(dynamo, table);
    }

    @Override
    public void recordIntent(AuditIntent intent) {
        append(intentItem(intent));
    }

    @Override
    public void recordOutcome(AuditOutcome outcome) {
        append(outcomeItem(outcome));
    }

    @Override
    public void recordApproval(ApprovalEvent event) {
        append(approvalItem(event));
    }

    /**
     * An approval step as a record item on the held request: phase {@code approval#<time>#<kind>},
     * indexed by approver ({@link AirlockTables#BY_APPROVER}) when an approver decided.
     */
    static Map<String, AttributeValue> approvalItem(ApprovalEvent event) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("requestId", Items.s(event.requestId()));
        item.put("phase", Items.s(APPROVAL_PREFIX + timeKey(event.at()) + "#" + event.kind().word()));
        item.put("at", Items.s(event.at().toString()));
        item.put(AirlockTables.TIME_KEY, Items.s(timeKey(event.at())));
        item.put("event", Items.s(event.kind().word()));
        Items.putIfPresent(item, "approverId", event.approverId());
        Items.putIfPresent(item, "detail", event.detail());
        Items.putIfPresent(item, "executionId", event.executionId());
        return item;
    }

    /** The intent as a record item, before it takes its place in a chain. */
    static Map<String, AttributeValue> intentItem(AuditIntent intent) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("requestId", Items.s(intent.requestId()));
        item.put("phase", Items.s(INTENT));
        item.put("at", Items.s(intent.receivedAt().toString()));
        item.put(AirlockTables.TIME_KEY, Items.s(timeKey(intent.receivedAt())));
        Items.putIfPresent(item, "agentId", intent.agentId());
        Items.putIfPresent(item, "tokenId", intent.tokenId());
        Items.putIfPresent(item, "target", intent.target());
        Items.putIfPresent(item, "statement", intent.statement());
        if (!intent.params().isEmpty()) {
            item.put("params", Items.strings(intent.params()));
        }
        Items.putIfPresent(item, "requestSha256", intent.requestSha256());
        intent.action().ifPresent(a -> item.put("kind", Items.s(a)));
        intent.protocol().ifPresent(p -> item.put("protocol", Items.s(p)));
        intent.risk().ifPresent(r -> item.put("risk", Items.s(r.name().toLowerCase(Locale.ROOT))));
        item.put("tablesRead", Items.strings(intent.tablesRead()));
        item.put("tablesWritten", Items.strings(intent.tablesWritten()));
        intent.effect().ifPresent(e -> item.put("effect", Items.s(e.name())));
        item.put("policyIds", Items.strings(intent.policyIds()));
        Items.putIfPresent(item, "decisionReason", intent.decisionReason());
        Items.putIfPresent(item, "sourceIp", intent.sourceIp());
        Items.putIfPresent(item, "approvalOf", intent.approvalOf());
        return item;
    }

    /** The outcome as a record item, before it takes its place in a chain. */
    static Map<String, AttributeValue> outcomeItem(AuditOutcome outcome) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("requestId", Items.s(outcome.requestId()));
        item.put("phase", Items.s(OUTCOME));
        item.put("at", Items.s(outcome.completedAt().toString()));
        item.put("status", Items.s(outcome.status().name()));
        item.put("durationMillis", Items.n(outcome.durationMillis()));
        Items.putIfPresent(item, "rowCount", outcome.rowCount());
        Items.putIfPresent(item, "rowsAffected", outcome.rowsAffected());
        item.put("maskedCounts", Items.counts(outcome.maskedCounts()));
        outcome.problem().ifPresent(p -> item.put("problem", Items.s(p.slug())));
        Items.putIfPresent(item, "problemDetail", outcome.problemDetail());
        // Which credentials ran the request, never their secrets. Absent on older records and on
        // requests that ended before the broker; the record hash covers it like any attribute.
        outcome.credentials().ifPresent(c -> {
            Map<String, AttributeValue> credentials = new HashMap<>();
            credentials.put("kind", Items.s(c.kind()));
            credentials.put("principal", Items.s(c.principal()));
            c.sessionName().ifPresent(name -> credentials.put("sessionName", Items.s(name)));
            item.put("credentials", AttributeValue.fromM(credentials));
        });
        return item;
    }

    /** Fixed width, so the indexes order records by time (the approvals table writes the same form). */
    static String timeKey(Instant at) {
        return AirlockTables.timeKey(at);
    }

    /**
     * Appends the record to its chain: the record and a link item claiming the chain's next
     * position are written in one transaction, each only if it does not exist yet, so two
     * writers can never both take a position (the chain cannot fork) and nothing is replaced.
     *
     * @param record an item from {@link #intentItem} or {@link #outcomeItem}; not modified
     * @throws AuditRecordExistsException if the table already holds this record
     */
    void append(Map<String, AttributeValue> record) {
        Map<String, AttributeValue> item = new HashMap<>(record);
        String requestId = item.get("requestId").s();
        String chain = AuditChains.chainOf(requestId);
        synchronized (chains.lock(chain)) {
            for (int attempt = 1; attempt <= MAX_APPEND_ATTEMPTS; attempt++) {
                try {
                    AuditChains.Head head = chains.head(chain);
                    long seq = head.seq() + 1;
                    item.put("chain", Items.s(chain));
                    item.put("seq", Items.n(seq));
                    item.put("prevHash", Items.s(head.hash()));
                    String hash = AuditHash.of(item);
                    item.put("hash", Items.s(hash));
                    dynamo.transactWriteItems(b -> b.transactItems(
                            TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                                    .conditionExpression("attribute_not_exists(requestId)").build()).build(),
                            TransactWriteItem.builder().put(Put.builder().tableName(table)
                                    .item(AuditChains.link(chain, seq, requestId, item.get("phase").s(), hash))
                                    .conditionExpression("attribute_not_exists(requestId)").build()).build()));
                    chains.advance(chain, new AuditChains.Head(seq, hash));
                    return;
                } catch (TransactionCanceledException e) {
                    List<CancellationReason> reasons = e.cancellationReasons();
                    if (!reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
                        throw new AuditRecordExistsException(requestId, item.get("phase").s(), e);
                    }
                    // Another writer took the position: read the chain's head again.
                    chains.forget(chain);
                } catch (SdkException e) {
                    chains.forget(chain);
                    throw new AuditUnavailableException("audit table " + table + " did not accept a record", e);
                }
            }
            throw new AuditUnavailableException("audit chain " + chain + " stayed contended for "
                    + MAX_APPEND_ATTEMPTS + " attempts", null);
        }
    }
}
