package dev.airlock.aws;

import dev.airlock.core.model.AuditIntent;
import dev.airlock.core.model.AuditOutcome;
import dev.airlock.core.port.AuditLog;
import dev.airlock.core.port.AuditUnavailableException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The audit trail in DynamoDB. Records are written once: a put that would overwrite an
 * existing record fails, so an intent or outcome cannot be silently replaced.
 */
public final class DynamoDbAuditLog implements AuditLog {
    static final String INTENT = "intent";
    static final String OUTCOME = "outcome";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbAuditLog(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void recordIntent(AuditIntent intent) {
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
        intent.kind().ifPresent(k -> item.put("kind", Items.s(k.action())));
        intent.risk().ifPresent(r -> item.put("risk", Items.s(r.name().toLowerCase(Locale.ROOT))));
        item.put("tablesRead", Items.strings(intent.tablesRead()));
        item.put("tablesWritten", Items.strings(intent.tablesWritten()));
        intent.effect().ifPresent(e -> item.put("effect", Items.s(e.name())));
        item.put("policyIds", Items.strings(intent.policyIds()));
        Items.putIfPresent(item, "decisionReason", intent.decisionReason());
        Items.putIfPresent(item, "sourceIp", intent.sourceIp());
        put(item, intent.requestId());
    }

    @Override
    public void recordOutcome(AuditOutcome outcome) {
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
        put(item, outcome.requestId());
    }

    private static final DateTimeFormatter TIME_KEY = DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** Fixed width, so the indexes order records by time. */
    static String timeKey(Instant at) {
        return TIME_KEY.format(at);
    }

    private void put(Map<String, AttributeValue> item, String requestId) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(requestId)"));
        } catch (ConditionalCheckFailedException e) {
            throw new AuditUnavailableException("audit record " + requestId + "/" + item.get("phase").s()
                    + " already exists; records are never overwritten", e);
        } catch (SdkException e) {
            throw new AuditUnavailableException("audit table " + table + " did not accept a record", e);
        }
    }
}
