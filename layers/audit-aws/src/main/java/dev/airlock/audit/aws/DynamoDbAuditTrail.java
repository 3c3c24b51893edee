package dev.airlock.audit.aws;

import dev.airlock.audit.AuditSearch;
import dev.airlock.aws.support.AirlockTables;
import dev.airlock.aws.support.Items;

import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.model.Effect;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the audit trail for auditors: searches through the agent, target and decision
 * indexes (docs/audit.md), and one request's records by id. Reads only; records are written
 * by {@link DynamoDbAuditLog}. Items are read as {@link AuditRecord}s ({@link AuditItems}): one
 * that is not a record as the gateway writes it fails the read rather than be shown altered.
 */
public final class DynamoDbAuditTrail {
    private static final int BATCH_GET_LIMIT = 100;

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbAuditTrail(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    DynamoDbClient dynamo() {
        return dynamo;
    }

    String table() {
        return table;
    }

    /** One request's records; empty if the trail has no intent for it. */
    public Optional<AuditEntry> request(String requestId) {
        Map<String, AttributeValue> intent = get(requestId, AuditItems.INTENT);
        if (intent == null) {
            return Optional.empty();
        }
        return Optional.of(new AuditEntry(AuditItems.fromItem(intent),
                Optional.ofNullable(get(requestId, AuditItems.OUTCOME)).map(AuditItems::fromItem)));
    }

    /** The approval records of a held request (approved by, denied by, expired, executed), oldest first. */
    public List<AuditRecord> approvalSteps(String requestId) {
        List<AuditRecord> steps = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true)
                        .keyConditionExpression("requestId = :id AND begins_with(phase, :prefix)")
                        .expressionAttributeValues(Map.of(":id", Items.s(requestId),
                                ":prefix", Items.s(AuditItems.APPROVAL_PREFIX))))
                .items().forEach(item -> steps.add(AuditItems.fromItem(item)));
        return steps.stream().sorted(Comparator.comparing(AuditRecord::at)).toList();
    }

    /** An approver's decisions in {@code [from, to)}, newest first, through the approver index. */
    public List<AuditRecord> byApprover(String approverId, Instant from, Instant to) {
        List<AuditRecord> steps = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(table).indexName(AirlockTables.BY_APPROVER)
                        .keyConditionExpression("approverId = :a AND #t BETWEEN :from AND :to")
                        .expressionAttributeNames(Map.of("#t", AirlockTables.TIME_KEY))
                        .expressionAttributeValues(Map.of(":a", Items.s(approverId),
                                ":from", Items.s(DynamoDbAuditLog.timeKey(from)),
                                ":to", Items.s(DynamoDbAuditLog.timeKey(to.minusNanos(1)))))
                        .scanIndexForward(false))
                .items().forEach(item -> steps.add(AuditItems.fromItem(item)));
        return steps;
    }

    /** Requests matching every filter, newest first, with their outcomes. */
    public List<AuditEntry> search(AuditSearch search) {
        List<Map<String, AttributeValue>> items = search.agent().isPresent()
                ? query(AirlockTables.BY_AGENT, "agentId", search.agent().get(), search)
                : search.target().isPresent() ? query(AirlockTables.BY_TARGET, "target", search.target().get(), search)
                : search.decision().isPresent()
                ? query(AirlockTables.BY_DECISION, "effect", search.decision().get(), search)
                : scan(search);
        List<AuditRecord> intents = items.stream().map(AuditItems::fromItem).toList();
        Map<String, AuditRecord> outcomes = outcomes(intents.stream().map(AuditRecord::requestId).toList());
        return intents.stream()
                .map(i -> new AuditEntry(i, Optional.ofNullable(outcomes.get(i.requestId()))))
                .toList();
    }

    /**
     * Requests with an intent in {@code [from, to)} and no outcome, oldest first. Read through the
     * decision index, one partition per effect, so the cost follows the window, not the table.
     * Intents of requests refused before a decision are not indexed there; they are written
     * after the request has ended, with nothing run, together with their outcome.
     */
    public List<AuditEntry> withoutOutcome(Instant from, Instant to) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (Effect effect : Effect.values()) {
            Map<String, AttributeValue> start = null;
            do {
                QueryResponse page = dynamo.query(QueryRequest.builder().tableName(table)
                        .indexName(AirlockTables.BY_DECISION)
                        .keyConditionExpression("#p = :p AND #t BETWEEN :from AND :to")
                        .expressionAttributeNames(Map.of("#p", "effect", "#t", AirlockTables.TIME_KEY))
                        .expressionAttributeValues(Map.of(":p", Items.s(effect.name()),
                                ":from", Items.s(DynamoDbAuditLog.timeKey(from)),
                                ":to", Items.s(DynamoDbAuditLog.timeKey(to.minusNanos(1)))))
                        .exclusiveStartKey(start).build());
                items.addAll(page.items());
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
        }
        List<AuditRecord> intents = items.stream().map(AuditItems::fromItem).toList();
        Map<String, AuditRecord> outcomes = outcomes(intents.stream().map(AuditRecord::requestId).toList());
        return intents.stream()
                .filter(i -> !outcomes.containsKey(i.requestId()))
                .sorted(Comparator.comparing(AuditRecord::at))
                .map(i -> new AuditEntry(i, Optional.empty()))
                .toList();
    }

    private Map<String, AttributeValue> get(String requestId, String phase) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("requestId", Items.s(requestId), "phase", Items.s(phase)))).item();
        return item == null || item.isEmpty() ? null : item;
    }

    /** The index picks by its partition; the other filters apply to what it returns. */
    private List<Map<String, AttributeValue>> query(String index, String partition, String value, AuditSearch search) {
        Map<String, String> names = new HashMap<>(Map.of("#p", partition, "#t", AirlockTables.TIME_KEY));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":p", Items.s(value),
                ":from", Items.s(DynamoDbAuditLog.timeKey(search.from())),
                ":to", Items.s(DynamoDbAuditLog.timeKey(search.to()))));
        String filter = filters(search, partition, names, values);
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder request = QueryRequest.builder().tableName(table).indexName(index)
                    .keyConditionExpression("#p = :p AND #t BETWEEN :from AND :to")
                    .expressionAttributeNames(names).expressionAttributeValues(values)
                    .scanIndexForward(false).exclusiveStartKey(start);
            if (!filter.isEmpty()) {
                request.filterExpression(filter);
            }
            QueryResponse page = dynamo.query(request.build());
            found.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && found.size() < search.limit());
        return found.size() > search.limit() ? found.subList(0, search.limit()) : found;
    }

    /** No filter names an index: every intent in the range. Fine locally; costly on a large table. */
    private List<Map<String, AttributeValue>> scan(AuditSearch search) {
        Map<String, String> names = new HashMap<>(Map.of("#phase", "phase", "#t", AirlockTables.TIME_KEY));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":intent", Items.s(AuditItems.INTENT),
                ":from", Items.s(DynamoDbAuditLog.timeKey(search.from())),
                ":to", Items.s(DynamoDbAuditLog.timeKey(search.to()))));
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanResponse page = dynamo.scan(ScanRequest.builder().tableName(table)
                    .filterExpression("#phase = :intent AND #t BETWEEN :from AND :to")
                    .expressionAttributeNames(names).expressionAttributeValues(values)
                    .exclusiveStartKey(start).build());
            found.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        found.sort(Comparator.comparing((Map<String, AttributeValue> i) -> i.get(AirlockTables.TIME_KEY).s())
                .reversed());
        return found.size() > search.limit() ? found.subList(0, search.limit()) : found;
    }

    private static String filters(AuditSearch search, String partition, Map<String, String> names,
                                  Map<String, AttributeValue> values) {
        List<String> clauses = new ArrayList<>();
        Map<String, Optional<String>> wanted = new LinkedHashMap<>();
        wanted.put("agentId", search.agent());
        wanted.put("target", search.target());
        wanted.put("effect", search.decision());
        int n = 0;
        for (Map.Entry<String, Optional<String>> filter : wanted.entrySet()) {
            if (filter.getKey().equals(partition) || filter.getValue().isEmpty()) {
                continue;
            }
            names.put("#f" + n, filter.getKey());
            values.put(":f" + n, Items.s(filter.getValue().get()));
            clauses.add("#f" + n + " = :f" + n);
            n++;
        }
        return String.join(" AND ", clauses);
    }

    private Map<String, AuditRecord> outcomes(List<String> requestIds) {
        Map<String, AuditRecord> outcomes = new HashMap<>();
        for (int from = 0; from < requestIds.size(); from += BATCH_GET_LIMIT) {
            List<Map<String, AttributeValue>> keys = requestIds.subList(from,
                    Math.min(requestIds.size(), from + BATCH_GET_LIMIT)).stream()
                    .distinct()
                    .map(id -> Map.of("requestId", Items.s(id), "phase", Items.s(AuditItems.OUTCOME)))
                    .toList();
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys).build());
            while (!request.isEmpty()) {
                Map<String, KeysAndAttributes> pending = request;
                var response = dynamo.batchGetItem(b -> b.requestItems(pending));
                response.responses().getOrDefault(table, List.of()).stream()
                        .map(AuditItems::fromItem)
                        .forEach(outcome -> outcomes.put(outcome.requestId(), outcome));
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        return outcomes;
    }
}
