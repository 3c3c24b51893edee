package dev.airlock.it;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the audit trail straight from DynamoDB, as an auditor would. The local gateway writes
 * the table a few milliseconds behind its journal, so reads wait for records to arrive.
 */
final class AuditTrail {
    private final DynamoDbClient dynamo;

    AuditTrail(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
    }

    private static final Duration ARRIVAL = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofMillis(300);

    /** The record, once it has arrived; empty if it has not within ten seconds. */
    Map<String, AttributeValue> record(String requestId, String phase) {
        Instant deadline = Instant.now().plus(ARRIVAL);
        Map<String, AttributeValue> item = read(requestId, phase);
        while (item.isEmpty() && Instant.now().isBefore(deadline)) {
            pause(Duration.ofMillis(20));
            item = read(requestId, phase);
        }
        return item;
    }

    private Map<String, AttributeValue> read(String requestId, String phase) {
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
        settle();
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
        settle();
        List<String> records = new ArrayList<>();
        dynamo.scanPaginator(b -> b.tableName("airlock-audit")).items().forEach(item -> records.add(item.toString()));
        return records;
    }

    /** Waits until the table stops growing: nothing the gateway has journaled is still on its way. */
    void settle() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        long before = count();
        while (Instant.now().isBefore(deadline)) {
            pause(QUIET);
            long now = count();
            if (now == before) {
                return;
            }
            before = now;
        }
        throw new AssertionError("the audit table was still growing after two minutes");
    }

    private long count() {
        return dynamo.scanPaginator(b -> b.tableName("airlock-audit").consistentRead(true)
                .select(software.amazon.awssdk.services.dynamodb.model.Select.COUNT)).stream()
                .mapToLong(page -> page.count()).sum();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
