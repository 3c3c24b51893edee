package dev.airlock.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Many agents at once: every request leaves exactly one intent and one outcome, and every chain verifies. */
class AuditUnderLoadIT {
    static final int CLIENTS = 20;
    static final int REQUESTS_PER_CLIENT = 100;

    @TempDir
    Path dir;

    @Test
    void concurrentRequests_eachLeaveOneIntentAndOneOutcome_andTheChainsVerify() throws Exception {
        Path dataDir = dir.resolve(".airlock");
        try (LocalGateway gateway = LocalGateway.start(dataDir)) {
            String reporting = Agents.token(dataDir, "reporting-bot");
            String ops = Agents.token(dataDir, "ops-bot");
            ConcurrentLinkedQueue<String> requestIds = new ConcurrentLinkedQueue<>();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> done = new ArrayList<>();
            long started = System.nanoTime();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                done.add(clients.submit(() -> {
                    for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
                        // A mix of reads, denials and held changes, as real agents send.
                        String body = switch (i % 3) {
                            case 0 -> Agents.body("demo", "select id, email from customers where id = ?", 1 + i % 50);
                            case 1 -> Agents.body("demo", "drop table orders");
                            default -> Agents.body("demo", "delete from orders where id = ?", client * 1000 + i);
                        };
                        HttpResponse<String> response = Agents.post(gateway.url(), i % 3 == 0 ? reporting : ops, body);
                        requestIds.add(response.headers().firstValue("X-Request-Id").orElseThrow());
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            clients.shutdown();
            System.out.printf("audit under load: %d requests from %d clients in %.1f s%n", requestIds.size(), CLIENTS,
                    (System.nanoTime() - started) / 1e9);

            Map<String, Integer> intents = new HashMap<>();
            Map<String, Integer> outcomes = new HashMap<>();
            try (DynamoDbClient dynamo = gateway.dynamo()) {
                dynamo.scanPaginator(b -> b.tableName("airlock-audit").consistentRead(true)).items().forEach(item -> {
                    String id = item.get("requestId").s();
                    String phase = item.getOrDefault("phase", AttributeValue.fromS("")).s();
                    if (phase.equals("intent")) {
                        intents.merge(id, 1, Integer::sum);
                    } else if (phase.equals("outcome")) {
                        outcomes.merge(id, 1, Integer::sum);
                    }
                });
            }
            assertThat(requestIds).hasSize(CLIENTS * REQUESTS_PER_CLIENT).doesNotHaveDuplicates();
            for (String id : requestIds) {
                assertThat(intents.get(id)).as("intents of " + id).isEqualTo(1);
                assertThat(outcomes.get(id)).as("outcomes of " + id).isEqualTo(1);
            }
            Cli.Result verify = Cli.run("audit", "verify", "--data-dir", dataDir.toString());
            assertThat(verify.exitCode()).as(verify.stdout() + verify.stderr()).isZero();
            assertThat(verify.stdout()).contains((2 * CLIENTS * REQUESTS_PER_CLIENT) + " records");
        }
    }
}
