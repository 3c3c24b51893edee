package dev.airlock.audit.aws;

import dev.airlock.aws.support.AirlockTables;
import dev.airlock.aws.support.LocalDynamoDb;

import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.AuditIntent;
import dev.airlock.core.model.AuditOutcome;
import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.model.RequestStatus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Tampering with DynamoDB Local directly, as someone with table access could, is caught and named. */
class DynamoDbAuditVerifierTest {
    @RegisterExtension
    static final LocalDynamoDb LOCAL = new LocalDynamoDb();
    private static DynamoDbClient dynamo;
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    @BeforeAll
    static void start() {
        dynamo = LOCAL.client();
    }

    /** A fresh table with {@code requests} requests written by 8 threads at once. */
    private static String trailOf(int requests) throws Exception {
        AirlockTables tables = LOCAL.newTables("verify");
        DynamoDbAuditLog log = new DynamoDbAuditLog(dynamo, tables.audit());
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int i = 0; i < requests; i++) {
                String id = "r-" + i;
                Instant at = T0.plusMillis(i);
                done.add(clients.submit(() -> {
                    log.recordIntent(AuditIntent.builder(id, at)
                            .agent(new AgentIdentity("ops-bot", "jti", at, at.plusSeconds(60))).target("demo")
                            .statement("select 1", List.of(), "ab".repeat(32))
                            .decision(PolicyDecision.allow(List.of("p"), "ok", List.of(), 10)).build());
                    log.recordOutcome(new AuditOutcome(id, at.plusMillis(3), RequestStatus.COMPLETED, 3,
                            Optional.of(1), Optional.empty(), Map.of(), Optional.empty(), Optional.empty()));
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            clients.shutdown();
        }
        return tables.audit();
    }

    static DynamoDbAuditVerifier verifier(String table) {
        return new DynamoDbAuditVerifier(dynamo, table, Map.of());
    }

    private static Map<String, AttributeValue> record(String table, String requestId, String phase) {
        return new HashMap<>(dynamo.getItem(b -> b.tableName(table).key(Map.of("requestId", AttributeValue.fromS(requestId),
                "phase", AttributeValue.fromS(phase)))).item());
    }

    @Test
    void verify_whenWrittenConcurrentlyAndUntouched_findsEveryChainIntact() throws Exception {
        String table = trailOf(200);

        DynamoDbAuditVerifier.Report report = verifier(table).verify();

        assertThat(report.problems()).isEmpty();
        assertThat(report.records()).isEqualTo(400);
        assertThat(report.chains()).isEqualTo(AuditChains.COUNT);
    }

    @Test
    void verify_whenAFieldIsEdited_namesTheRecord() throws Exception {
        String table = trailOf(30);
        Map<String, AttributeValue> intent = record(table, "r-7", "intent");
        intent.put("statement", AttributeValue.fromS("select 2"));
        dynamo.putItem(b -> b.tableName(table).item(intent));

        assertThat(verifier(table).verify().problems())
                .singleElement().asString().startsWith("r-7/intent").contains("was edited");
    }

    @Test
    void verify_whenARecordIsDeleted_namesIt() throws Exception {
        String table = trailOf(30);
        dynamo.deleteItem(b -> b.tableName(table).key(Map.of("requestId", AttributeValue.fromS("r-3"),
                "phase", AttributeValue.fromS("outcome"))));

        assertThat(verifier(table).verify().problems())
                .singleElement().asString().startsWith("r-3/outcome").contains("was deleted");
    }

    @Test
    void verify_whenTwoRecordsAreSwapped_namesBoth() throws Exception {
        String table = trailOf(30);
        // Two records of one chain trade places: each takes the other's position, hashes and links.
        Map<String, AttributeValue> a = record(table, "r-1", "intent");
        Map<String, AttributeValue> b = record(table, "r-1", "outcome");
        for (String field : List.of("chain", "seq", "prevHash", "hash")) {
            AttributeValue swap = a.get(field);
            a.put(field, b.get(field));
            b.put(field, swap);
        }
        dynamo.putItem(r -> r.tableName(table).item(a));
        dynamo.putItem(r -> r.tableName(table).item(b));

        assertThat(verifier(table).verify().problems()).hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith("r-1/intent"))
                .anySatisfy(p -> assertThat(p).startsWith("r-1/outcome"));
    }

    @Test
    void verify_whenARecordIsInserted_namesIt() throws Exception {
        String table = trailOf(10);
        Map<String, AttributeValue> forged = record(table, "r-2", "intent");
        forged.put("requestId", AttributeValue.fromS("r-forged"));
        dynamo.putItem(b -> b.tableName(table).item(forged));

        assertThat(verifier(table).verify().problems())
                .singleElement().asString().startsWith("r-forged/intent").contains("in no chain");
    }
}
