package dev.airlock.it;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the audit trail straight from DynamoDB, as an auditor would. */
final class AuditTrail {
    private final DynamoDbClient dynamo;

    AuditTrail(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
    }

    Map<String, AttributeValue> record(String requestId, String phase) {
        return dynamo.getItem(b -> b.tableName("airlock-audit").consistentRead(true).key(Map.of(
                "requestId", AttributeValue.fromS(requestId), "phase", AttributeValue.fromS(phase)))).item();
    }

    String status(String requestId) {
        return record(requestId, "outcome").get("status").s();
    }

    Map<String, AttributeValue> pendingApproval(String requestId) {
        return dynamo.getItem(b -> b.tableName("airlock-approvals").consistentRead(true)
                .key(Map.of("requestId", AttributeValue.fromS(requestId)))).item();
    }

    /** Every request's records, keyed by request id and then by phase ({@code intent}, {@code outcome}). */
    Map<String, Map<String, Map<String, AttributeValue>>> byRequest() {
        Map<String, Map<String, Map<String, AttributeValue>>> requests = new HashMap<>();
        dynamo.scanPaginator(b -> b.tableName("airlock-audit").consistentRead(true)).items().forEach(item -> {
            AttributeValue phase = item.get("phase");
            if (phase != null && (phase.s().equals("intent") || phase.s().equals("outcome"))) {
                Map<String, Map<String, AttributeValue>> phases = requests.computeIfAbsent(item.get("requestId").s(),
                        id -> new HashMap<>());
                if (phases.put(phase.s(), item) != null) {
                    throw new AssertionError("two " + phase.s() + " records for " + item.get("requestId").s());
                }
            }
        });
        return requests;
    }

    /** Every audit record, rendered as text, to search for data that must never be there. */
    List<String> allRecordsAsText() {
        List<String> records = new ArrayList<>();
        dynamo.scanPaginator(b -> b.tableName("airlock-audit")).items().forEach(item -> records.add(item.toString()));
        return records;
    }
}
