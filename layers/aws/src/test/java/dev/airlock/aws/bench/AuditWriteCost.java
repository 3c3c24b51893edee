package dev.airlock.aws.bench;

import dev.airlock.aws.AirlockTables;
import dev.airlock.aws.DynamoDbAuditLog;
import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.AuditIntent;
import dev.airlock.core.model.AuditOutcome;
import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.model.RequestStatus;
import dev.airlock.embedded.EmbeddedDynamoDb;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What the audit trail adds to a local request: the intent and outcome appends (each a
 * TransactWriteItems of record plus chain link) against DynamoDB Local on a data folder, as
 * the local gateway runs it, one request at a time. Prints a Markdown table.
 * <pre>
 * ./mvnw -q -pl layers/aws test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/cp.txt
 * java -cp "$(cat layers/aws/target/cp.txt):layers/aws/target/classes:layers/aws/target/test-classes" dev.airlock.aws.bench.AuditWriteCost [requests]
 * </pre>
 * It is not a test: it lives with the tests for DynamoDB Local, which cannot be shaded into benchmarks.jar.
 */
public final class AuditWriteCost {
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
            DynamoDbAuditLog log = new DynamoDbAuditLog(dynamo, AirlockTables.DEFAULT.audit());
            System.out.printf("warming up with %d requests...%n", requests / 2);
            run(log, requests / 2);
            long[][] timings = run(log, requests);
            System.out.println();
            System.out.println("| audit write | requests | p50 | p95 | p99 |");
            System.out.println("|---|---|---|---|---|");
            String[] names = {"intent (before the statement runs)", "outcome (before the response)", "both"};
            for (int i = 0; i < 3; i++) {
                long[] sorted = timings[i].clone();
                Arrays.sort(sorted);
                System.out.printf("| %s | %d | %.2f ms | %.2f ms | %.2f ms |%n", names[i], requests,
                        percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99));
            }
        }
    }

    private static long[][] run(DynamoDbAuditLog log, int count) {
        long[][] timings = new long[3][count];
        for (int i = 0; i < count; i++) {
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

    private static double percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }
}
