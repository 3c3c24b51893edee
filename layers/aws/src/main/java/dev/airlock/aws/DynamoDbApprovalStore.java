package dev.airlock.aws;

import dev.airlock.core.model.PendingRequest;
import dev.airlock.core.port.ApprovalQueue;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Requests held for approval, in DynamoDB. The item keeps the exact statement and typed
 * parameters, since that, and only that, may run once approved.
 */
public final class DynamoDbApprovalQueue implements ApprovalQueue {
    public static final String PENDING = "PENDING";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbApprovalQueue(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void hold(PendingRequest request) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("requestId", Items.s(request.requestId()));
        item.put("status", Items.s(PENDING));
        item.put("agentId", Items.s(request.agentId()));
        item.put("target", Items.s(request.request().target()));
        item.put("sql", Items.s(request.request().sql()));
        item.put("params", AttributeValue.fromL(request.request().params().stream().map(Items::scalar).toList()));
        item.put("requestSha256", Items.s(request.requestSha256()));
        item.put("kind", Items.s(request.kind().action()));
        item.put("risk", Items.s(request.risk().name().toLowerCase(Locale.ROOT)));
        item.put("policyIds", Items.strings(request.policyIds()));
        item.put("approvals", AttributeValue.fromL(request.approvals().stream().map(a -> AttributeValue.fromM(Map.of(
                "group", Items.s(a.group()),
                "approvals", Items.n(a.approvals()),
                "maxWaitSeconds", Items.n(a.maxWait().toSeconds()),
                "validForSeconds", Items.n(a.validFor().toSeconds())))).toList()));
        item.put("createdAt", Items.s(request.createdAt().toString()));
        item.put("expiresAt", Items.s(request.expiresAt().toString()));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(requestId)"));
        } catch (SdkException e) {
            throw new IllegalStateException("approvals table " + table + " did not accept request "
                    + request.requestId(), e);
        }
    }
}
