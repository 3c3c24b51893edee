package dev.airlock.jdbc;

import dev.airlock.core.model.DatabaseLogin;
import dev.airlock.core.model.QueryResult;
import dev.airlock.core.model.Secret;
import dev.airlock.core.model.SqlExecution;
import dev.airlock.core.port.StatementFailedException;
import dev.airlock.embedded.DemoDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What one request does to its pooled session is never seen by a later one, on any pooled
 * connection: the attacks run straight through the target, as if the classifier had missed them.
 */
class JdbcSessionIsolationTest {
    private static final String PASSWORD = "isolation-test-password";
    private static final DatabaseLogin LOGIN = new DatabaseLogin(DemoDatabase.GATEWAY_ROLE, Secret.of(PASSWORD));
    private static final int POOL = JdbcTargetLimits.DEFAULTS.poolSize();
    private static DemoDatabase db;
    private static JdbcSqlTarget target;

    @BeforeAll
    static void start() throws Exception {
        db = DemoDatabase.start(null, PASSWORD);
        target = new JdbcSqlTarget("demo", db.jdbcUrl());
        // The demo roles may not take advisory locks; grant it here so the pool itself is what is tested.
        try (Connection admin = db.adminConnection(); Statement sql = admin.createStatement()) {
            sql.execute("grant execute on function pg_advisory_lock(bigint) to " + DemoDatabase.GATEWAY_ROLE);
        }
    }

    @AfterAll
    static void stop() {
        target.close();
        db.close();
    }

    private static SqlExecution as(String agent, String sql, boolean readOnly) {
        return new SqlExecution("req-" + agent, sql, List.of(), readOnly, 100, Duration.ofSeconds(10), agent);
    }

    /** Runs the statement once per agent, all at once, so every pooled connection is used. */
    private static List<QueryResult> everywhere(String sql, boolean readOnly) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(POOL);
        try {
            List<Future<QueryResult>> runs = new ArrayList<>();
            for (int i = 0; i < POOL; i++) {
                String agent = "agent-" + i;
                runs.add(pool.submit(() -> target.execute(as(agent, sql, readOnly), LOGIN)));
            }
            List<QueryResult> results = new ArrayList<>();
            for (Future<QueryResult> run : runs) {
                results.add(run.get());
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void execute_whenEarlierRequestsChangedSessionState_laterRequestsOnEveryConnectionSeePinnedValues()
            throws Exception {
        // Step 1 of red-team F1 and its relatives, on every pooled connection.
        everywhere("select set_config('standard_conforming_strings', 'off', false), "
                + "set_config('search_path', 'public', false), set_config('statement_timeout', '0', false), "
                + "set_config('lock_timeout', '0', false), set_config('idle_in_transaction_session_timeout', '0', false), "
                + "set_config('application_name', 'pwned', false), pg_advisory_lock(42), pg_sleep(0.3)", true);
        everywhere("listen spy_channel", false);
        everywhere("declare held cursor with hold for select 1", false);

        List<QueryResult> later = everywhere("select pg_backend_pid(), current_setting('standard_conforming_strings'), "
                + "current_setting('search_path'), current_setting('statement_timeout'), "
                + "current_setting('lock_timeout'), current_setting('idle_in_transaction_session_timeout'), "
                + "current_setting('application_name'), "
                + "(select count(*) from pg_listening_channels()), (select count(*) from pg_cursors where name = 'held'), pg_sleep(0.3)",
                true);

        Set<Object> backends = new HashSet<>();
        for (QueryResult r : later) {
            List<Object> row = r.rows().getFirst();
            backends.add(row.get(0));
            assertThat(row.subList(1, 9)).containsExactly("on", "pg_catalog,public,pg_temp", "10s", "5s", "1min",
                    "airlock req-" + "agent-" + later.indexOf(r), 0L, 0L);
        }
        assertThat(backends).hasSize(POOL);
        try (Connection admin = db.adminConnection(); Statement sql = admin.createStatement();
             ResultSet rs = sql.executeQuery("select count(*) from pg_locks where locktype = 'advisory'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("advisory locks left behind by pooled sessions").isZero();
        }
    }

    @Test
    void execute_whenTemporaryTableShadowsATable_laterRequestsReadTheRealOne() throws Exception {
        // The gateway role may not create temporary tables in the demo database at all.
        assertThatThrownBy(() -> target.execute(as("a", "create temporary table customers (id int)", false), LOGIN))
                .isInstanceOf(StatementFailedException.class);
        QueryResult r = target.execute(as("b", "select count(*) from customers", true), LOGIN);
        assertThat((Long) r.rows().getFirst().getFirst()).isGreaterThan(0L);
    }

    @Test
    void execute_whenTextHoldsASecondStatement_refusesBeforeTheDriver() throws Exception {
        long before = (Long) target.execute(as("a", "select count(*) from orders", true), LOGIN).rows().getFirst().getFirst();

        assertThatThrownBy(() -> target.execute(as("a", "select 1; delete from orders where id = 600", false), LOGIN))
                .isInstanceOf(StatementFailedException.class)
                .extracting(e -> ((StatementFailedException) e).sqlState()).isEqualTo("42601");
        assertThatThrownBy(() -> target.execute(as("a", "select 'x\\', '; commit; delete from orders where id = 600; "
                + "select 1 --' as a", true), LOGIN))
                .isInstanceOf(StatementFailedException.class);

        long after = (Long) target.execute(as("a", "select count(*) from orders", true), LOGIN).rows().getFirst().getFirst();
        assertThat(after).isEqualTo(before);
    }

    @Test
    void execute_whenStatementOutlastsItsTimeout_isCancelledEvenIfItRaisesTheSessionTimeout() {
        SqlExecution slow = new SqlExecution("req-slow", "select set_config('statement_timeout', '0', true), "
                + "pg_sleep(5)", List.of(), true, 1, Duration.ofMillis(500), "a");
        long started = System.nanoTime();

        assertThatThrownBy(() -> target.execute(slow, LOGIN)).isInstanceOf(StatementFailedException.class)
                .extracting(e -> ((StatementFailedException) e).sqlState()).isEqualTo("57014");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void execute_whenResultPassesTheByteCap_stopsReadingAndMarksItTruncated() throws Exception {
        JdbcTargetLimits small = new JdbcTargetLimits(2, 4, 50, Duration.ofSeconds(2), 4096, Duration.ofSeconds(5),
                Duration.ofSeconds(60));
        try (JdbcSqlTarget capped = new JdbcSqlTarget("demo", db.jdbcUrl(), small)) {
            QueryResult r = capped.execute(as("a", "select repeat('x', 100) from generate_series(1, 1000)", true), LOGIN);

            assertThat(r.truncated()).isTrue();
            assertThat(r.rows().size()).isBetween(1, 41);
        }
    }
}
