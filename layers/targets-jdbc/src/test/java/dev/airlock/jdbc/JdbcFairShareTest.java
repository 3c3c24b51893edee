package dev.airlock.jdbc;

import dev.airlock.core.model.DatabaseLogin;
import dev.airlock.core.model.QueryResult;
import dev.airlock.core.model.Secret;
import dev.airlock.core.model.SqlExecution;
import dev.airlock.core.port.TargetBusyException;
import dev.airlock.embedded.DemoDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Red-team F7: one agent saturating a target must not lock the others out. */
class JdbcFairShareTest {
    private static final String PASSWORD = "fair-share-test-password";
    private static final DatabaseLogin LOGIN = new DatabaseLogin(DemoDatabase.GATEWAY_ROLE, Secret.of(PASSWORD));
    private static final String HOG = "select count(*) from customers a, customers b, customers c, pg_sleep(3) s";
    private static DemoDatabase db;

    @BeforeAll
    static void start() {
        db = DemoDatabase.start(null, PASSWORD);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    private static SqlExecution as(String agent, String sql) {
        return new SqlExecution("req-" + agent, sql, List.of(), true, 10, Duration.ofSeconds(10), agent);
    }

    private static List<Future<QueryResult>> flood(ExecutorService threads, JdbcSqlTarget target, int count) {
        List<Future<QueryResult>> runs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            runs.add(threads.submit(() -> target.execute(as("hog", HOG), LOGIN)));
        }
        return runs;
    }

    @Test
    void execute_whenOneAgentFloodsTheTarget_anotherAgentsPointSelectStillRunsPromptly() throws Exception {
        ExecutorService threads = Executors.newCachedThreadPool();
        try (JdbcSqlTarget target = new JdbcSqlTarget("demo", db.jdbcUrl())) {
            // A running gateway's pool is open already; the flood meets it warm.
            target.execute(as("ops", "select 1"), LOGIN);
            List<Future<QueryResult>> hogs = flood(threads, target, 12);
            Thread.sleep(500);

            long started = System.nanoTime();
            QueryResult probe = target.execute(as("ops", "select id from customers where id = 1"), LOGIN);

            assertThat(probe.rows()).hasSize(1);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            int busy = 0;
            for (Future<QueryResult> hog : hogs) {
                try {
                    hog.get();
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(TargetBusyException.class);
                    busy++;
                }
            }
            assertThat(busy).as("hog requests past the agent's share of 4").isGreaterThanOrEqualTo(8);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void execute_whenAgentsShareIsTaken_answersBusyWithinTheBoundedWait() throws Exception {
        JdbcTargetLimits limits = new JdbcTargetLimits(4, 2, 50, Duration.ofMillis(500), 1 << 20,
                Duration.ofSeconds(5), Duration.ofSeconds(60));
        ExecutorService threads = Executors.newCachedThreadPool();
        try (JdbcSqlTarget target = new JdbcSqlTarget("demo", db.jdbcUrl(), limits)) {
            flood(threads, target, 2);
            Thread.sleep(300);
            long started = System.nanoTime();

            assertThatThrownBy(() -> target.execute(as("hog", "select 1"), LOGIN))
                    .isInstanceOf(TargetBusyException.class)
                    .hasMessageContaining("busy")
                    .satisfies(e -> assertThat(((TargetBusyException) e).retryAfter()).isPositive());
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1500));
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void execute_whenEveryConnectionIsInUse_answersBusyNotAStatementFailure() throws Exception {
        // Three agents of one connection each fill a pool of two.
        JdbcTargetLimits limits = new JdbcTargetLimits(2, 4, 50, Duration.ofMillis(500), 1 << 20,
                Duration.ofSeconds(5), Duration.ofSeconds(60));
        ExecutorService threads = Executors.newCachedThreadPool();
        try (JdbcSqlTarget target = new JdbcSqlTarget("demo", db.jdbcUrl(), limits)) {
            threads.submit(() -> target.execute(as("a", HOG), LOGIN));
            threads.submit(() -> target.execute(as("b", HOG), LOGIN));
            Thread.sleep(500);

            assertThatThrownBy(() -> target.execute(as("c", "select 1"), LOGIN))
                    .isInstanceOf(TargetBusyException.class);
        } finally {
            threads.shutdownNow();
        }
    }
}
