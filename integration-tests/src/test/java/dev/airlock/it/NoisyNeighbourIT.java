package dev.airlock.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, fair share (report row 101, F7): while reporting-bot saturates the demo target with
 * heavy statements, ops-bot's point selects still answer quickly and never as a database refusal;
 * reporting-bot's requests beyond its share answer 503 {@code target-busy} with Retry-After.
 */
class NoisyNeighbourIT {
    /** More heavy statements than the demo pool has connections (8 in the report). */
    private static final int HEAVY = 12;
    private static final String CROSS_JOIN = "select count(*) from customers a, customers b, customers c, customers d";
    private static final Duration POINT_SELECT_BOUND = Duration.ofSeconds(3);

    @TempDir
    static Path dataDir;
    static LocalGateway gateway;

    @BeforeAll
    static void start() {
        gateway = LocalGateway.start(dataDir.resolve(".airlock"));
    }

    @AfterAll
    static void stop() {
        Closing.quietly(gateway);
    }

    @Test
    void opsBotsPointSelects_answerWithinABound_whileReportingBotSaturatesTheTarget() throws Exception {
        String reporting = Agents.token(gateway.dataDir(), "reporting-bot");
        String ops = Agents.token(gateway.dataDir(), "ops-bot");
        List<HttpResponse<String>> heavy = new ArrayList<>();
        List<String> slowOrRefused = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(HEAVY)) {
            List<Future<HttpResponse<String>>> flood = new ArrayList<>();
            for (int i = 0; i < HEAVY; i++) {
                flood.add(pool.submit(() -> Agents.post(gateway.url(), reporting, Agents.body("demo", CROSS_JOIN))));
            }
            Thread.sleep(1_500);
            for (int i = 0; i < 8; i++) {
                long start = System.nanoTime();
                HttpResponse<String> probe = Agents.post(gateway.url(), ops,
                        Agents.body("demo", "select id, total from orders where id = ?", 5 + i));
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                if (probe.statusCode() != 200 || took.compareTo(POINT_SELECT_BOUND) > 0) {
                    slowOrRefused.add("probe " + i + ": " + probe.statusCode() + " after " + took.toMillis() + " ms: "
                            + probe.body());
                }
                Thread.sleep(300);
            }
            for (Future<HttpResponse<String>> f : flood) {
                heavy.add(f.get(120, TimeUnit.SECONDS));
            }
        }

        assertThat(slowOrRefused).as("ops-bot's point selects while reporting-bot saturates the target").isEmpty();
        long busy = 0;
        for (HttpResponse<String> r : heavy) {
            assertThat(r.body()).as("overload is not a database refusal").doesNotContain("Connection is not available");
            if (r.statusCode() == 503) {
                busy++;
                assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                JsonNode problem = Agents.json(r);
                assertThat(problem.path("type").asText()).isEqualTo("https://airlock.dev/problems/target-busy");
                assertThat(r.headers().firstValue("Retry-After")).as("503 target-busy tells when to retry").isPresent();
            } else {
                // Ran (200) or hit the statement timeout (422 with SQLSTATE 57014), never a pool time-out.
                assertThat(r.statusCode()).as(r.body()).isIn(200, 422);
            }
        }
        assertThat(busy).as("reporting-bot's requests beyond its share of the target answer 503 target-busy")
                .isGreaterThan(0);
    }
}
