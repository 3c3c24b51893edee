package dev.airlock.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Many agents at once, and a gateway killed under them: the trail stays whole and verifiable. */
class AuditUnderLoadIT {
    static final int CLIENTS = 20;
    static final int REQUESTS_PER_CLIENT = 100;
    static final String NEXTVAL = "select nextval('orders_id_seq')";

    @TempDir
    Path dir;

    @Test
    void concurrentRequests_eachLeaveOneIntentAndOneOutcome_andTheChainsVerify() throws Exception {
        Path dataDir = dir.resolve(".airlock");
        try (LocalGateway gateway = LocalGateway.start(dataDir)) {
            Load load = new Load(gateway, CLIENTS, REQUESTS_PER_CLIENT);
            long started = System.nanoTime();
            load.awaitEnd();
            System.out.printf("audit under load: %d requests from %d clients in %.1f s%n", load.answered.size(),
                    CLIENTS, (System.nanoTime() - started) / 1e9);

            assertThat(load.answered).hasSize(CLIENTS * REQUESTS_PER_CLIENT).doesNotHaveDuplicates();
            Map<String, Map<String, Map<String, AttributeValue>>> trail;
            try (DynamoDbClient dynamo = gateway.dynamo()) {
                trail = new AuditTrail(dynamo).byRequest();
            }
            assertThat(trail).hasSize(CLIENTS * REQUESTS_PER_CLIENT);
            for (String id : load.answered) {
                assertThat(trail.get(id)).as("records of " + id).containsOnlyKeys("intent", "outcome");
            }
            Cli.Result verify = Cli.run("audit", "verify", "--data-dir", dataDir.toString());
            assertThat(verify.exitCode()).as(verify.stdout() + verify.stderr()).isZero();
            assertThat(verify.stdout()).contains((2 * CLIENTS * REQUESTS_PER_CLIENT) + " records");
        }
    }

    @Test
    void killNineMidLoad_thenRestart_everyRequestThatRanHasItsIntent_andOpenOnesAreOutcomeUnknown() throws Exception {
        Path dataDir = dir.resolve(".airlock");
        long sequenceBefore;
        long sequenceAfter;
        Load load;
        try (LocalGateway first = LocalGateway.start(dataDir)) {
            DemoDatabaseAccess database = new DemoDatabaseAccess(first);
            sequenceBefore = sequenceValue(database);
            load = new Load(first, 10, 1_000);
            load.awaitAnswered(300);
            ProcessHandle.of(first.runtimeFile().path("pid").asLong()).orElseThrow().destroyForcibly();
            load.awaitEnd();
            // The killed gateway's PostgreSQL is still up: it knows exactly how many requests reached it.
            sequenceAfter = sequenceValue(database);
        }
        System.out.printf("kill -9 after %d answers; %d requests failed in flight; sequence moved %d%n",
                load.answered.size(), load.failed.get(), sequenceAfter - sequenceBefore);

        try (LocalGateway second = LocalGateway.start(dataDir)) {
            Map<String, Map<String, Map<String, AttributeValue>>> trail;
            try (DynamoDbClient dynamo = second.dynamo()) {
                trail = new AuditTrail(dynamo).byRequest();
            }
            long nextvalIntents = trail.values().stream()
                    .filter(r -> r.containsKey("intent") && r.get("intent").get("statement").s().equals(NEXTVAL))
                    .count();
            assertThat(nextvalIntents).as("intents of requests that reached the database")
                    .isGreaterThanOrEqualTo(sequenceAfter - sequenceBefore);
            for (String id : load.answered) {
                assertThat(trail.get(id)).as("records of answered " + id).containsOnlyKeys("intent", "outcome");
            }
            long unknown = 0;
            for (var request : trail.entrySet()) {
                assertThat(request.getValue()).as("records of " + request.getKey()).containsOnlyKeys("intent", "outcome");
                if (request.getValue().get("outcome").get("status").s().equals("OUTCOME_UNKNOWN")) {
                    unknown++;
                    // Its outcome was journaled before the answer left, so a kill cannot lose it.
                    assertThat(load.answered).as("answered requests keep their real outcome").doesNotContain(request.getKey());
                }
            }
            System.out.printf("after restart: %d requests in the trail, %d reconciled to OUTCOME_UNKNOWN%n",
                    trail.size(), unknown);
            if (unknown > 0) {
                assertThat(second.output()).contains("had no recorded outcome");
            }
            Cli.Result verify = Cli.run("audit", "verify", "--data-dir", dataDir.toString());
            assertThat(verify.exitCode()).as(verify.stdout() + verify.stderr()).isZero();
        }
    }

    private static long sequenceValue(DemoDatabaseAccess database) throws Exception {
        return database.count("select coalesce(last_value, 0) from pg_sequences where sequencename = 'orders_id_seq'");
    }

    /** Clients sending a mix of reads, sequence draws, denials and held changes, as real agents do. */
    private static final class Load {
        final ConcurrentLinkedQueue<String> answered = new ConcurrentLinkedQueue<>();
        final AtomicInteger failed = new AtomicInteger();
        private final ExecutorService clients;
        private final List<Future<?>> running = new ArrayList<>();

        Load(LocalGateway gateway, int clientCount, int requestsPerClient) {
            String reporting = Agents.token(gateway.dataDir(), "reporting-bot");
            String ops = Agents.token(gateway.dataDir(), "ops-bot");
            clients = Executors.newFixedThreadPool(clientCount);
            for (int c = 0; c < clientCount; c++) {
                int client = c;
                running.add(clients.submit(() -> {
                    for (int i = 0; i < requestsPerClient; i++) {
                        String body = switch (i % 4) {
                            case 0 -> Agents.body("demo", "select id, email from customers where id = ?", 1 + i % 50);
                            case 1 -> Agents.body("demo", NEXTVAL);
                            case 2 -> Agents.body("demo", "drop table orders");
                            default -> Agents.body("demo", "delete from orders where id = ?", client * 10_000 + i);
                        };
                        try {
                            HttpResponse<String> response = Agents.post(gateway.url(), i % 4 == 0 ? reporting : ops, body);
                            answered.add(response.headers().firstValue("X-Request-Id").orElseThrow());
                        } catch (UncheckedIOException gatewayGone) {
                            failed.incrementAndGet();
                            return;
                        }
                    }
                }));
            }
            clients.shutdown();
        }

        void awaitAnswered(int count) throws InterruptedException {
            while (answered.size() < count && !clients.isTerminated()) {
                Thread.sleep(5);
            }
        }

        void awaitEnd() throws Exception {
            for (Future<?> client : running) {
                client.get();
            }
            assertThat(clients.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        }
    }
}
