package dev.airlock.aws;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.util.List;
import java.util.Objects;

/**
 * The DynamoDB tables Airlock writes, and how to create them where nobody else does (DynamoDB
 * Local, moto). In AWS the CDK stack creates them with point-in-time recovery and encryption.
 *
 * <ul>
 *   <li>audit: one item per record, key {@code requestId} + {@code phase} ({@code intent} or
 *       {@code outcome});</li>
 *   <li>approvals: one item per held request, key {@code requestId}.</li>
 * </ul>
 */
public record AirlockTables(String audit, String approvals) {
    public static final AirlockTables DEFAULT = new AirlockTables("airlock-audit", "airlock-approvals");

    public AirlockTables {
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(approvals, "approvals");
    }

    /** Creates any missing table; safe to call on every start. */
    public void createIfMissing(DynamoDbClient dynamo) {
        List<String> existing = dynamo.listTablesPaginator().tableNames().stream().toList();
        if (!existing.contains(audit)) {
            create(dynamo, CreateTableRequest.builder().tableName(audit)
                    .attributeDefinitions(stringAttribute("requestId"), stringAttribute("phase"))
                    .keySchema(key("requestId", KeyType.HASH), key("phase", KeyType.RANGE)));
        }
        if (!existing.contains(approvals)) {
            create(dynamo, CreateTableRequest.builder().tableName(approvals)
                    .attributeDefinitions(stringAttribute("requestId"))
                    .keySchema(key("requestId", KeyType.HASH)));
        }
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
}
