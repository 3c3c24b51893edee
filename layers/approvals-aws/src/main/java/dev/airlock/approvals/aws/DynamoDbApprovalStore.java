package dev.airlock.approvals.aws;

import dev.airlock.aws.support.AirlockTables;
import dev.airlock.aws.support.Items;

import dev.airlock.core.engine.HeldOperation;
import dev.airlock.core.engine.MaskedSummary;
import dev.airlock.core.engine.RequestFacts;
import dev.airlock.core.model.ApprovalRecord;
import dev.airlock.core.model.ApprovalRequirement;
import dev.airlock.core.model.ApprovalState;
import dev.airlock.core.model.ApproverDecision;
import dev.airlock.core.model.PendingRequest;
import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.SqlRequest;
import dev.airlock.core.port.ApprovalStore;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Requests held for approval, in DynamoDB, through their whole life. The item keeps the exact
 * statement and typed parameters, since that, and only that, may run once approved. Every
 * transition is one conditional {@code UpdateItem} on the state (and, for decisions, the
 * version), so concurrent approvers and executors can neither skip nor repeat a state. Requests
 * are listed by state through the {@link AirlockTables#BY_STATUS} index, oldest first.
 */
public final class DynamoDbApprovalStore implements ApprovalStore {
    /** Attributes the store writes or updates later; no operation field may take one of these names. */
    private static final java.util.Set<String> RECORD_ATTRIBUTES = java.util.Set.of("requestId", "status", "version",
            "agentId", "target", "protocol", "operationFields", "requestSha256", "kind", "operationKind", "risk",
            "resources", "resourcesRead", "resourcesWritten", "summary", "summaryValues", "policyIds", "approvals",
            "approvedBy", "approverIds", "createdAt", "expiresAt", "expiresAtMillis", "deniedBy", "reason",
            "usableUntil", "usableUntilMillis", "updatedAt", ApprovalTaskTokens.ATTRIBUTE);
    public static final String PENDING = "PENDING";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbApprovalStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void hold(PendingRequest request) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("requestId", Items.s(request.requestId()));
        item.put("status", Items.s(PENDING));
        item.put("version", Items.n(0));
        item.put("agentId", Items.s(request.agentId()));
        item.put("target", Items.s(request.target()));
        item.put("protocol", Items.s(request.operation().protocol()));
        putOperation(item, request.input());
        item.put("requestSha256", Items.s(request.requestSha256()));
        item.put("kind", Items.s(request.action()));
        item.put("operationKind", Items.s(request.facts().kind()));
        item.put("risk", Items.s(request.risk().name().toLowerCase(Locale.ROOT)));
        item.put("resources", Items.strings(request.facts().resources()));
        item.put("resourcesRead", Items.strings(request.facts().resourcesRead()));
        item.put("resourcesWritten", Items.strings(request.facts().resourcesWritten()));
        item.put("summary", Items.s(request.summary().text()));
        item.put("summaryValues", Items.strings(request.summary().values()));
        item.put("policyIds", Items.strings(request.policyIds()));
        item.put("approvals", AttributeValue.fromL(request.approvals().stream().map(a -> AttributeValue.fromM(Map.of(
                "group", Items.s(a.group()),
                "approvals", Items.n(a.approvals()),
                "maxWaitSeconds", Items.n(a.maxWait().toSeconds()),
                "validForSeconds", Items.n(a.validFor().toSeconds())))).toList()));
        item.put("approvedBy", AttributeValue.fromL(List.of()));
        item.put("approverIds", AttributeValue.fromL(List.of()));
        item.put("createdAt", Items.s(request.createdAt().toString()));
        item.put("expiresAt", Items.s(request.expiresAt().toString()));
        item.put("expiresAtMillis", Items.n(request.expiresAt().toEpochMilli()));
        item.put("updatedAt", Items.s(request.createdAt().toString()));
        item.put(AirlockTables.TIME_KEY, Items.s(AirlockTables.timeKey(request.createdAt())));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(requestId)"));
        } catch (SdkException e) {
            throw new IllegalStateException("approvals table " + table + " did not accept request "
                    + request.requestId(), e);
        }
    }

    @Override
    public Optional<ApprovalRecord> find(String requestId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("requestId", Items.s(requestId)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(record(item));
    }

    @Override
    public List<ApprovalRecord> list(ApprovalState state) {
        List<ApprovalRecord> out = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(table).indexName(AirlockTables.BY_STATUS)
                        .keyConditionExpression("#s = :s").expressionAttributeNames(Map.of("#s", "status"))
                        .expressionAttributeValues(Map.of(":s", Items.s(state.name()))))
                .items().forEach(item -> out.add(record(item)));
        // The index is eventually consistent: keep only what is still in that state.
        return out.stream().filter(r -> r.state() == state)
                .sorted(Comparator.comparing(r -> r.pending().createdAt())).toList();
    }

    @Override
    public Optional<ApprovalRecord> recordApproval(String requestId, long version, ApproverDecision approval,
                                                   Optional<Instant> approvedUntil) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":pending", Items.s(PENDING));
        values.put(":v", Items.n(version));
        values.put(":one", Items.n(1));
        values.put(":now", Items.n(approval.at().toEpochMilli()));
        values.put(":who", Items.s(approval.approverId()));
        values.put(":whoL", AttributeValue.fromL(List.of(Items.s(approval.approverId()))));
        values.put(":approval", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of(
                "approverId", Items.s(approval.approverId()),
                "groups", Items.strings(approval.groups()),
                "at", Items.s(approval.at().toString()))))));
        values.put(":at", Items.s(approval.at().toString()));
        String update = "SET approvedBy = list_append(approvedBy, :approval), "
                + "approverIds = list_append(approverIds, :whoL), version = version + :one, updatedAt = :at";
        if (approvedUntil.isPresent()) {
            values.put(":approved", Items.s(ApprovalState.APPROVED.name()));
            values.put(":until", Items.n(approvedUntil.get().toEpochMilli()));
            values.put(":untilS", Items.s(approvedUntil.get().toString()));
            update += ", #s = :approved, usableUntilMillis = :until, usableUntil = :untilS";
        }
        String finalUpdate = update;
        try {
            Map<String, AttributeValue> item = dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of("requestId", Items.s(requestId)))
                    .conditionExpression("#s = :pending AND version = :v AND expiresAtMillis > :now "
                            + "AND NOT contains(approverIds, :who)")
                    .updateExpression(finalUpdate)
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return Optional.of(record(item));
        } catch (ConditionalCheckFailedException lost) {
            return Optional.empty();
        }
    }

    @Override
    public boolean recordDenial(String requestId, long version, String approverId, String reason, Instant at) {
        return transition(requestId, "#s = :from AND version = :v",
                "SET #s = :to, deniedBy = :by, reason = :reason, version = version + :one, updatedAt = :at",
                Map.of(":from", Items.s(PENDING), ":v", Items.n(version), ":to", Items.s("DENIED"),
                        ":by", Items.s(approverId), ":reason", Items.s(reason), ":one", Items.n(1),
                        ":at", Items.s(at.toString())));
    }

    @Override
    public boolean expire(String requestId, ApprovalState from, Instant at) {
        String deadline = switch (from) {
            case PENDING -> "expiresAtMillis";
            case APPROVED -> "usableUntilMillis";
            default -> null;
        };
        if (deadline == null) {
            return false;
        }
        return transition(requestId, "#s = :from AND " + deadline + " <= :now",
                "SET #s = :to, version = version + :one, updatedAt = :at",
                Map.of(":from", Items.s(from.name()), ":now", Items.n(at.toEpochMilli()), ":to", Items.s("EXPIRED"),
                        ":one", Items.n(1), ":at", Items.s(at.toString())));
    }

    @Override
    public boolean claimExecution(String requestId, Instant at) {
        return transition(requestId, "#s = :from AND usableUntilMillis > :now",
                "SET #s = :to, version = version + :one, updatedAt = :at",
                Map.of(":from", Items.s("APPROVED"), ":now", Items.n(at.toEpochMilli()), ":to", Items.s("EXECUTING"),
                        ":one", Items.n(1), ":at", Items.s(at.toString())));
    }

    @Override
    public boolean recordResult(String requestId, boolean succeeded, Optional<String> detail, Instant at) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":from", Items.s("EXECUTING"),
                ":to", Items.s(succeeded ? "EXECUTED" : "FAILED"), ":one", Items.n(1), ":at", Items.s(at.toString())));
        String update = "SET #s = :to, version = version + :one, updatedAt = :at";
        if (detail.isPresent()) {
            values.put(":reason", Items.s(detail.get()));
            update += ", reason = :reason";
        }
        return transition(requestId, "#s = :from", update, values);
    }

    private boolean transition(String requestId, String condition, String update, Map<String, AttributeValue> values) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Map.of("requestId", Items.s(requestId)))
                    .conditionExpression("attribute_exists(requestId) AND " + condition)
                    .updateExpression(update)
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException lost) {
            return false;
        }
    }

    /**
     * The held operation's fields sit beside the record's own attributes (a SQL request's
     * {@code sql} and {@code params}, as before operations of other protocols were held), and
     * {@code operationFields} names them; a field that would overwrite an attribute is refused.
     */
    private static void putOperation(Map<String, AttributeValue> item, Map<String, Object> input) {
        for (Map.Entry<String, Object> field : input.entrySet()) {
            if (item.containsKey(field.getKey()) || RECORD_ATTRIBUTES.contains(field.getKey())) {
                throw new IllegalArgumentException("a held operation's field may not be named " + field.getKey());
            }
            item.put(field.getKey(), field.getValue() instanceof List<?> list
                    ? AttributeValue.fromL(list.stream().map(Items::scalar).toList()) : Items.scalar(field.getValue()));
        }
        item.put("operationFields", Items.strings(List.copyOf(input.keySet())));
    }

    private static Map<String, Object> input(Map<String, AttributeValue> item) {
        // Held before operations named their fields: a SQL statement and its parameters.
        List<String> names = item.get("operationFields") == null ? List.of("sql", "params")
                : Items.stringList(item.get("operationFields"));
        Map<String, Object> input = new java.util.LinkedHashMap<>();
        for (String name : names) {
            AttributeValue value = item.get(name);
            if (value == null) {
                throw new IllegalStateException("held request " + item.get("requestId").s() + " lacks its field " + name);
            }
            if (value.hasL()) {
                List<Object> values = new ArrayList<>();
                value.l().forEach(v -> values.add(Items.scalarValue(v)));
                input.put(name, values);
            } else {
                input.put(name, Items.scalarValue(value));
            }
        }
        return input;
    }

    private static List<String> strings(Map<String, AttributeValue> item, String name) {
        return item.get(name) == null ? List.of() : Items.stringList(item.get(name));
    }

    private static ApprovalRecord record(Map<String, AttributeValue> item) {
        List<ApprovalRequirement> requirements = item.get("approvals").l().stream().map(a -> new ApprovalRequirement(
                a.m().get("group").s(), Integer.parseInt(a.m().get("approvals").n()),
                Duration.ofSeconds(Long.parseLong(a.m().get("maxWaitSeconds").n())),
                Duration.ofSeconds(Long.parseLong(a.m().get("validForSeconds").n())))).toList();
        String protocol = optional(item, "protocol").orElse(SqlRequest.PROTOCOL);
        String target = item.get("target").s();
        String action = item.get("kind").s();
        HeldOperation operation = new HeldOperation(protocol, target, input(item));
        RequestFacts facts = new RequestFacts(protocol, target,
                optional(item, "operationKind").orElse(action.substring(action.indexOf(':') + 1).toUpperCase(Locale.ROOT)),
                action, RiskClass.valueOf(item.get("risk").s().toUpperCase(Locale.ROOT)), strings(item, "resources"),
                strings(item, "resourcesRead"), strings(item, "resourcesWritten"));
        MaskedSummary summary = new MaskedSummary(optional(item, "summary").orElse(action + " on " + target),
                strings(item, "summaryValues"));
        PendingRequest pending = new PendingRequest(item.get("requestId").s(), item.get("agentId").s(), operation,
                item.get("requestSha256").s(), facts, summary, Items.stringList(item.get("policyIds")), requirements,
                Instant.parse(item.get("createdAt").s()), Instant.parse(item.get("expiresAt").s()));
        List<ApproverDecision> approvals = new ArrayList<>();
        if (item.get("approvedBy") != null && item.get("approvedBy").hasL()) {
            item.get("approvedBy").l().forEach(a -> approvals.add(new ApproverDecision(a.m().get("approverId").s(),
                    Items.stringList(a.m().get("groups")), Instant.parse(a.m().get("at").s()))));
        }
        return new ApprovalRecord(pending, ApprovalState.valueOf(item.get("status").s()), approvals,
                optional(item, "deniedBy"), optional(item, "reason"),
                optional(item, "usableUntil").map(Instant::parse),
                optional(item, "updatedAt").map(Instant::parse).orElse(pending.createdAt()),
                item.get("version") == null ? 0 : Long.parseLong(item.get("version").n()));
    }

    private static Optional<String> optional(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.s() == null ? Optional.empty() : Optional.of(v.s());
    }
}
