package dev.airlock.audit.aws;

import dev.airlock.aws.support.AirlockTables;
import dev.airlock.core.audit.AuditRecord;
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
import java.util.List;
import java.util.Map;

/**
 * The audit trail in DynamoDB. Records are written once: a put that would overwrite an
 * existing record fails, so an intent or outcome cannot be silently replaced. Every record is
 * also appended to a hash chain ({@link AuditChains}), so editing, deleting, inserting or
 * reordering records afterwards is detected by {@link DynamoDbAuditVerifier}.
 */
public final class DynamoDbAuditLog implements AuditLog {
    static final String INTENT = AuditItems.INTENT;
    static final String OUTCOME = AuditItems.OUTCOME;
    /** Phases of a held request's approval records start with this, then their time and kind. */
    static final String APPROVAL_PREFIX = AuditItems.APPROVAL_PREFIX;

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
        append(AuditRecord.of(intent));
    }

    @Override
    public void recordOutcome(AuditOutcome outcome) {
        append(AuditRecord.of(outcome));
    }

    @Override
    public void recordApproval(ApprovalEvent event) {
        append(AuditRecord.of(event));
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
     * @param record a record not yet in a chain
     * @throws AuditRecordExistsException if the table already holds this record
     */
    void append(AuditRecord record) {
        String requestId = record.requestId();
        String phase = AuditItems.phase(record);
        String chain = AuditChains.chainOf(requestId);
        synchronized (chains.lock(chain)) {
            for (int attempt = 1; attempt <= MAX_APPEND_ATTEMPTS; attempt++) {
                try {
                    AuditChains.Head head = chains.head(chain);
                    long seq = head.seq() + 1;
                    AuditRecord chained = record.inChain(new AuditRecord.ChainPosition(chain, seq, head.hash()));
                    String hash = AuditHash.of(chained);
                    Map<String, AttributeValue> item = AuditItems.toItem(chained.withHash(hash));
                    dynamo.transactWriteItems(b -> b.transactItems(
                            TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                                    .conditionExpression("attribute_not_exists(requestId)").build()).build(),
                            TransactWriteItem.builder().put(Put.builder().tableName(table)
                                    .item(AuditChains.link(chain, seq, requestId, phase, hash))
                                    .conditionExpression("attribute_not_exists(requestId)").build()).build()));
                    chains.advance(chain, new AuditChains.Head(seq, hash));
                    return;
                } catch (TransactionCanceledException e) {
                    List<CancellationReason> reasons = e.cancellationReasons();
                    if (!reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
                        throw new AuditRecordExistsException(requestId, phase, e);
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
