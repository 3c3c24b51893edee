package dev.airlock.aws.support;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateGlobalSecondaryIndexAction;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The DynamoDB tables Airlock writes, and how to create them where nobody else does (DynamoDB
 * Local, moto). In AWS the CDK stack creates them with point-in-time recovery and encryption.
 *
 * <ul>
 *   <li>audit: one item per record, key {@code requestId} + {@code phase} ({@code intent} or
 *       {@code outcome}); intents are also indexed by agent, by target and by decision, each
 *       with {@link #TIME_KEY} as sort key (docs/audit.md lists the access patterns);</li>
 *   <li>approvals: one item per held request, key {@code requestId}; indexed by state
 *       ({@link #BY_STATUS}: {@code status} + {@link #TIME_KEY}, the time it was held), so the
 *       pending requests can be listed and swept without a scan.</li>
 * </ul>
 */
public record AirlockTables(String audit, String approvals) {
    public static final AirlockTables DEFAULT = new AirlockTables("airlock-audit", "airlock-approvals");
    /** A fixed-width UTC time ({@code 2026-11-24T10:00:00.000000000Z}), so text order is time order. */
    public static final String TIME_KEY = "timeKey";
    private static final DateTimeFormatter TIME_KEY_FORMAT = DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
    public static final String BY_AGENT = "byAgent";
    public static final String BY_TARGET = "byTarget";
    public static final String BY_DECISION = "byDecision";
    public static final String BY_STATUS = "byStatus";
    /** Approval decisions by the approver who made them (docs/audit.md). */
    public static final String BY_APPROVER = "byApprover";
    /** Index name to its partition attribute. */
    public static final Map<String, String> AUDIT_INDEXES = Map.of(BY_AGENT, "agentId", BY_TARGET, "target",
            BY_DECISION, "effect", BY_APPROVER, "approverId");

    public AirlockTables {
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(approvals, "approvals");
    }

    /** Creates any missing table; safe to call on every start. */
    public void createIfMissing(DynamoDbClient dynamo) {
        List<String> existing = dynamo.listTablesPaginator().tableNames().stream().toList();
        if (!existing.contains(audit)) {
            List<AttributeDefinition> attributes = new ArrayList<>(List.of(stringAttribute("requestId"),
                    stringAttribute("phase"), stringAttribute(TIME_KEY)));
            AUDIT_INDEXES.values().forEach(a -> attributes.add(stringAttribute(a)));
            create(dynamo, CreateTableRequest.builder().tableName(audit)
                    .attributeDefinitions(attributes)
                    .keySchema(key("requestId", KeyType.HASH), key("phase", KeyType.RANGE))
                    .globalSecondaryIndexes(AUDIT_INDEXES.entrySet().stream()
                            .map(index -> index(index.getKey(), index.getValue())).toList()));
        } else {
            addMissingIndexes(dynamo, audit, AUDIT_INDEXES);
        }
        if (!existing.contains(approvals)) {
            create(dynamo, CreateTableRequest.builder().tableName(approvals)
                    .attributeDefinitions(stringAttribute("requestId"), stringAttribute("status"),
                            stringAttribute(TIME_KEY))
                    .keySchema(key("requestId", KeyType.HASH))
                    .globalSecondaryIndexes(index(BY_STATUS, "status")));
        } else {
            addMissingIndexes(dynamo, approvals, Map.of(BY_STATUS, "status"));
        }
    }

    /** A data folder from before the indexes existed gets them; records written since are indexed. */
    private static void addMissingIndexes(DynamoDbClient dynamo, String table, Map<String, String> indexes) {
        List<GlobalSecondaryIndexDescription> present = dynamo.describeTable(b -> b.tableName(table)).table()
                .globalSecondaryIndexes();
        for (Map.Entry<String, String> index : indexes.entrySet()) {
            boolean has = present.stream().anyMatch(i -> i.indexName().equals(index.getKey()));
            if (!has) {
                dynamo.updateTable(b -> b.tableName(table)
                        .attributeDefinitions(stringAttribute(index.getValue()), stringAttribute(TIME_KEY))
                        .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder().create(
                                CreateGlobalSecondaryIndexAction.builder().indexName(index.getKey())
                                        .keySchema(key(index.getValue(), KeyType.HASH), key(TIME_KEY, KeyType.RANGE))
                                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                                        .build()).build()));
                awaitActive(dynamo, table, index.getKey());
            }
        }
    }

    /** DynamoDB builds one new index at a time; the next may only start when this one is ready. */
    private static void awaitActive(DynamoDbClient dynamo, String table, String index) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            boolean active = dynamo.describeTable(b -> b.tableName(table)).table().globalSecondaryIndexes().stream()
                    .anyMatch(i -> i.indexName().equals(index) && i.indexStatus() == IndexStatus.ACTIVE);
            if (active) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while index " + index + " was being built", e);
            }
        }
        throw new IllegalStateException("Index " + index + " of table " + table + " did not become active in 2 minutes.");
    }

    private static GlobalSecondaryIndex index(String name, String partition) {
        return GlobalSecondaryIndex.builder().indexName(name)
                .keySchema(key(partition, KeyType.HASH), key(TIME_KEY, KeyType.RANGE))
                .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build();
    }

    private static void create(DynamoDbClient dynamo, CreateTableRequest.Builder request) {
        try {
            dynamo.createTable(request.billingMode(BillingMode.PAY_PER_REQUEST).build());
        } catch (ResourceInUseException alreadyCreated) {
            // Another process created it between the listing and now.
        }
    }

    private static AttributeDefinition stringAttribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    /** The {@link #TIME_KEY} value of an instant: fixed width, so the indexes order items by time. */
    public static String timeKey(Instant at) {
        return TIME_KEY_FORMAT.format(at);
    }

    /**
     * Bookkeeping items (chain links, digests, export cursors, one-time claims) share the audit
     * table with records; their partition names hold a {@code #}, which no request id does.
     */
    public static boolean isBookkeeping(String requestId) {
        return requestId.indexOf('#') >= 0;
    }
}
