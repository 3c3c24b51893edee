package dev.airlock.audit.aws.bench;

import dev.airlock.aws.support.AirlockTables;
import dev.airlock.audit.aws.DynamoDbAuditLog;
import dev.airlock.audit.aws.JournaledAuditLog;
import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.AuditIntent;
import dev.airlock.core.model.AuditOutcome;
import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.model.RequestStatus;
import dev.airlock.core.port.AuditLog;
import dev.airlock.embedded.EmbeddedDynamoDb;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

/**
 * What the audit trail adds to a local request: the time the request thread spends recording
 * the intent and the outcome, against DynamoDB Local on a data folder, one request every 15 ms
 * (the local gateway's pace for one client). Two ways: straight to the table (each record a
 * TransactWriteItems of record plus chain link), and through the journal the local gateway
 * uses (an fsynced line, the table written behind it). Prints a Markdown table.
 * <pre>
 * ./mvnw -q -pl layers/audit-aws -am test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/cp.txt
 * java -cp "$(cat layers/audit-aws/target/cp.txt):layers/audit-aws/target/classes:layers/audit-aws/target/test-classes" dev.airlock.audit.aws.bench.AuditWriteCost [requests]
 * </pre>
 * It is not a test: it lives with the tests for DynamoDB Local, which cannot be shaded into benchmarks.jar.
 */
public final class AuditWriteCost {
    private static final long PACE_NANOS = Duration.ofMillis(15).toNanos();
    private static final String[] WRITES = {"intent (before the statement runs)", "outcome (before the response)", "both"};

    private AuditWriteCost() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Path dir = Files.createTempDirectory("airlock-audit-bench");
        try (EmbeddedDynamoDb local = EmbeddedDynamoDb.startPersistent(dir.resolve("dynamodb"), dir.resolve("native"));
             DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(local.endpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                     .httpClient(UrlConnectionHttpClient.create()).build()) {
            AirlockTables.DEFAULT.createIfMissing(dynamo);
            DynamoDbAuditLog table = new DynamoDbAuditLog(dynamo, AirlockTables.DEFAULT.audit());
            System.out.printf("straight to the table: warming up with %d requests, then %d...%n", requests / 2, requests);
            run(table, requests / 2);
            long[][] direct = run(table, requests);
            long[][] batched = throughJournal(table, dir.resolve("journal-batched"), JournaledAuditLog.Sync.BATCHED, requests);
            long[][] perIntent = throughJournal(table, dir.resolve("journal-per-intent"), JournaledAuditLog.Sync.PER_INTENT,
                    requests);
            System.out.println();
            System.out.println("| audit write | straight to the table p50 / p99 | journal, batched fsync p50 / p95 / p99 "
                    + "| journal, fsync per intent p50 / p95 / p99 |");
            System.out.println("|---|---:|---:|---:|");
            for (int i = 0; i < WRITES.length; i++) {
                long[] d = sorted(direct[i]);
                long[] b = sorted(batched[i]);
                long[] p = sorted(perIntent[i]);
                System.out.printf("| %s | %.2f / %.2f ms | %.3f / %.3f / %.3f ms | %.3f / %.3f / %.3f ms |%n", WRITES[i],
                        percentile(d, 50), percentile(d, 99), percentile(b, 50), percentile(b, 95), percentile(b, 99),
                        percentile(p, 50), percentile(p, 95), percentile(p, 99));
            }
            System.out.printf("%n%d requests each, after %d to warm up.%n", requests, requests / 2);
        }
    }

    private static long[][] throughJournal(DynamoDbAuditLog table, Path dir, JournaledAuditLog.Sync sync, int requests)
            throws Exception {
        try (JournaledAuditLog journal = JournaledAuditLog.builder().table(table).directory(dir).sync(sync).open()) {
            System.out.printf("through the journal, %s: warming up with %d requests, then %d...%n", sync, requests / 2,
                    requests);
            run(journal, requests / 2);
            long[][] timings = run(journal, requests);
            System.out.printf("  records still on their way to the table at the end: %d%n", journal.backlog());
            return timings;
        }
    }

    private static long[][] run(AuditLog log, int count) {
        long[][] timings = new long[3][count];
        long next = System.nanoTime();
        for (int i = 0; i < count; i++) {
            LockSupport.parkNanos(next - System.nanoTime());
            next += PACE_NANOS;
            String id = UUID.randomUUID().toString();
            Instant at = Instant.now();
            AuditIntent intent = AuditIntent.builder(id, at)
                    .agent(new AgentIdentity("reporting-bot", UUID.randomUUID().toString(), at, at.plusSeconds(900)))
                    .target("demo").statement("select * from customers where city = ? order by id limit 50",
                            List.of("'Oslo'"), "ab".repeat(32))
                    .decision(PolicyDecision.allow(List.of("reporting-read-demo"), "Allowed", List.of(), 500)).build();
            long t0 = System.nanoTime();
            log.recordIntent(intent);
            long t1 = System.nanoTime();
            log.recordOutcome(new AuditOutcome(id, Instant.now(), RequestStatus.COMPLETED, 4, Optional.of(50),
                    Optional.empty(), Map.of("email", 50), Optional.empty(), Optional.empty()));
            long t2 = System.nanoTime();
            timings[0][i] = t1 - t0;
            timings[1][i] = t2 - t1;
            timings[2][i] = t2 - t0;
        }
        return timings;
    }

    private static long[] sorted(long[] values) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    private static double percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }
}
