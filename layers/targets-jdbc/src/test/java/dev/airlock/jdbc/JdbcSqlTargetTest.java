package dev.airlock.jdbc;

import dev.airlock.core.contract.SqlTargetContract;
import dev.airlock.core.model.DatabaseLogin;
import dev.airlock.core.model.QueryResult;
import dev.airlock.core.model.ResultColumn;
import dev.airlock.core.model.Secret;
import dev.airlock.core.model.SqlExecution;
import dev.airlock.core.model.TableRef;
import dev.airlock.core.model.TargetCredentials;
import dev.airlock.core.port.SqlTarget;
import dev.airlock.core.port.StatementFailedException;
import dev.airlock.core.port.TargetUnavailableException;
import dev.airlock.embedded.DemoDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Against a real embedded PostgreSQL with the demo schema and the gateway's own role: the SQL
 * target contract (layers/core's test jar, also run against the RDS Data API) plus what only JDBC does.
 */
class JdbcSqlTargetTest extends SqlTargetContract {
    private static final String PASSWORD = "jdbc-test-password";
    private static DemoDatabase db;
    private static JdbcSqlTarget target;
    private static final DatabaseLogin LOGIN = new DatabaseLogin(DemoDatabase.GATEWAY_ROLE, Secret.of(PASSWORD));

    @BeforeAll
    static void start() {
        db = DemoDatabase.start(null, PASSWORD);
        target = new JdbcSqlTarget("demo", db.jdbcUrl());
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Override
    protected SqlTarget target() {
        return target;
    }

    @Override
    protected TargetCredentials credentials() {
        return LOGIN;
    }

    private static SqlExecution read(String sql, int maxRows, Object... params) {
        return new SqlExecution("req-1", sql, Arrays.asList(params), true, maxRows, Duration.ofSeconds(10));
    }

    private static SqlExecution write(String sql, Object... params) {
        return new SqlExecution("req-1", sql, Arrays.asList(params), false, 1000, Duration.ofSeconds(10));
    }

    @Test
    void execute_whenRead_returnsRowsWithSourceColumns() throws Exception {
        QueryResult r = target.execute(read("select id, email as contact, upper(city) from customers where id = ?",
                10, 1), LOGIN);

        assertThat(r.rows()).hasSize(1);
        assertThat(r.columns()).extracting(ResultColumn::label).containsExactly("id", "contact", "upper");
        assertThat(r.columns().get(1).sourceTable()).contains(TableRef.of("public", "customers"));
        assertThat(r.columns().get(1).sourceColumn()).contains("email");
        assertThat(r.columns().get(2).sourceColumn()).isEmpty();
        assertThat(r.rowsAffected()).isEqualTo(-1);
    }

    @Test
    void execute_whenReadOnlyStatementWrites_postgresRefusesIt() {
        assertThatThrownBy(() -> target.execute(read("update customers set city = 'x' where id = 1", 10), LOGIN))
                .isInstanceOf(StatementFailedException.class)
                .extracting(e -> ((StatementFailedException) e).sqlState()).isEqualTo("25006");
    }

    @Test
    void execute_whenWrite_commitsAndCountsRows() throws Exception {
        QueryResult r = target.execute(write("update orders set total = total where customer_id = ?", 3), LOGIN);

        assertThat(r.rowsAffected()).isGreaterThanOrEqualTo(0);
        assertThat(r.columns()).isEmpty();
    }

    @Test
    void execute_convertsTypesToJsonFriendlyValues() throws Exception {
        QueryResult r = target.execute(read("""
                select 1::smallint, 2::bigint, 1.50::numeric(4,2), true, date '2020-01-02',
                       timestamptz '2026-11-24 10:00:00+00', null::text, array[1,2], 'x'::bytea""", 1), LOGIN);

        List<Object> row = r.rows().get(0);
        assertThat(row.get(0)).isEqualTo(1);
        assertThat(row.get(1)).isEqualTo(2L);
        assertThat(row.get(2)).hasToString("1.50");
        assertThat(row.get(3)).isEqualTo(true);
        assertThat(row.get(4)).isEqualTo("2020-01-02");
        assertThat((String) row.get(5)).startsWith("2026-11-24T10:00");
        assertThat(row.get(6)).isNull();
        assertThat(row.get(7)).isEqualTo(List.of(1, 2));
        assertThat(row.get(8)).isEqualTo("eA==");
    }

    @Test
    void execute_whenStatementIsWrong_reportsTheSqlStateWithoutTheServerMessage() {
        assertThatThrownBy(() -> target.execute(read("select nope from customers", 1), LOGIN))
                .isInstanceOf(StatementFailedException.class)
                .hasMessageContaining("42703")
                .hasMessageNotContaining("nope")
                .extracting(e -> ((StatementFailedException) e).sqlState()).isEqualTo("42703");
    }

    @Test
    void execute_whenServerMessageWouldQuoteAValue_theExceptionDoesNot() {
        assertThatThrownBy(() -> target.execute(read("select (birth_date::text || 'x')::int from customers "
                + "where id = 1", 1), LOGIN))
                .isInstanceOf(StatementFailedException.class)
                .hasMessageNotContaining("x\"")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}"))
                .extracting(e -> ((StatementFailedException) e).sqlState()).isEqualTo("22P02");
    }

    @Test
    void execute_whenPasswordWrong_saysTargetRefusedWithoutDetail() {
        DatabaseLogin wrong = new DatabaseLogin(DemoDatabase.GATEWAY_ROLE, Secret.of("canary-wrong-password"));

        assertThatThrownBy(() -> target.execute(read("select 1", 1), wrong))
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessageContaining("refused the gateway's credentials")
                .hasMessageNotContaining("canary-wrong-password");
    }

    @Test
    void execute_whenDatabaseIsDown_saysItCannotBeReached() {
        JdbcSqlTarget nowhere = new JdbcSqlTarget("gone", "jdbc:postgresql://127.0.0.1:1/demo");

        assertThatThrownBy(() -> nowhere.execute(read("select 1", 1), LOGIN))
                .isInstanceOf(TargetUnavailableException.class).hasMessageContaining("cannot be reached");
    }

    @Test
    void execute_reusesPooledConnectionsAndTagsThemWithTheRequestId() throws Exception {
        QueryResult first = target.execute(new SqlExecution("req-a", "select pg_backend_pid(), "
                + "current_setting('application_name')", List.of(), true, 1, Duration.ofSeconds(5)), LOGIN);
        QueryResult second = target.execute(new SqlExecution("req-b", "select pg_backend_pid(), "
                + "current_setting('application_name')", List.of(), true, 1, Duration.ofSeconds(5)), LOGIN);

        assertThat(second.rows().get(0).get(0)).isEqualTo(first.rows().get(0).get(0));
        assertThat(first.rows().get(0).get(1)).isEqualTo("airlock req-a");
        assertThat(second.rows().get(0).get(1)).isEqualTo("airlock req-b");
    }

    @Test
    void discardConnections_closesThePooledConnectionsAndTheNextStatementOpensANewOne() throws Exception {
        JdbcSqlTarget restored = new JdbcSqlTarget("demo", db.jdbcUrl());
        Object before = restored.execute(read("select pg_backend_pid()", 1), LOGIN).rows().get(0).get(0);

        restored.discardConnections();

        Object after = restored.execute(read("select pg_backend_pid()", 1), LOGIN).rows().get(0).get(0);
        assertThat(after).isNotEqualTo(before);
        // Every session the pool held ended on the server too: none of the target's old sessions is left.
        assertThat(sessionsOf(before)).isZero();
        restored.close();
    }

    /** Sessions with this backend pid, waiting a little for an ending backend to leave pg_stat_activity. */
    private static long sessionsOf(Object pid) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        try (var admin = db.adminConnection();
             var query = admin.prepareStatement("select count(*) from pg_stat_activity where pid = ?")) {
            query.setInt(1, ((Number) pid).intValue());
            long count;
            do {
                try (var rows = query.executeQuery()) {
                    rows.next();
                    count = rows.getLong(1);
                }
            } while (count > 0 && System.nanoTime() < deadline);
            return count;
        }
    }

    @Test
    void constructor_whenUrlIsNotPostgres_refuses() {
        assertThatThrownBy(() -> new JdbcSqlTarget("x", "jdbc:mysql://h/db?password=secret"))
                .hasMessageContaining("jdbc:postgresql:").hasMessageNotContaining("secret");
    }

    @Test
    void execute_keepsParametersSeparateFromSql() throws Exception {
        QueryResult r = target.execute(read("select count(*) from customers where city = ?", 1,
                "x' or '1'='1"), LOGIN);

        assertThat(r.rows().get(0).get(0)).isEqualTo(0L);
        assertThat(Optional.ofNullable(r.columns().get(0).sourceColumn())).isPresent();
    }
}
