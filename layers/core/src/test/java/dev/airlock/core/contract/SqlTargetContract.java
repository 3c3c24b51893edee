package dev.airlock.core.contract;

import dev.airlock.core.model.QueryResult;
import dev.airlock.core.model.ResultColumn;
import dev.airlock.core.model.SqlExecution;
import dev.airlock.core.model.TargetCredentials;
import dev.airlock.core.port.SqlTarget;
import dev.airlock.core.port.StatementFailedException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every PostgreSQL {@link SqlTarget} must do, as an agent sees it: a read returns its columns
 * and rows in order, capped at the row limit and marked truncated; parameters stay values; a write
 * in a read-only execution is refused by the database and changes nothing; a failing statement
 * comes back as {@link StatementFailedException} with its SQLSTATE; a statement running past its
 * timeout is stopped (SQLSTATE 57014). The statements need no schema of their own.
 *
 * <p>Run against JDBC on an embedded PostgreSQL in layers/targets-jdbc and against the RDS Data API on
 * moto_server in layers/targets-rds-data (from layers/core's test jar). Moto runs no SQL and hands out canned
 * results ({@link #cannedResult}), so there only the reading cases apply; the refusals are checked
 * against a stub of the Data API's error answers in {@code RdsDataSqlTargetTest}.
 */
public abstract class SqlTargetContract {
    /** Three rows, no table needed. */
    protected static final String THREE_ROWS =
            "select n as id, 'row ' || n as label from generate_series(1, 3) as n order by n";

    /** The target under test, on a PostgreSQL database. */
    protected abstract SqlTarget target();

    /** Credentials the target accepts. */
    protected abstract TargetCredentials credentials() throws Exception;

    /**
     * Called before each statement with what a real PostgreSQL returns for it. A target on a real
     * database ignores it; one on an emulator that runs no SQL (moto's RDS Data API) queues it.
     */
    protected void cannedResult(String sql, QueryResult result) {
    }

    private static SqlExecution read(String sql, int maxRows, Duration timeout, Object... params) {
        return new SqlExecution("contract-" + System.nanoTime(), sql, List.of(params), true, maxRows, timeout);
    }

    private static QueryResult rows(List<String> labels, List<List<Object>> rows) {
        return new QueryResult(labels.stream().map(ResultColumn::labelled).toList(), rows, -1, false);
    }

    private static final QueryResult THREE_ROWS_RESULT = rows(List.of("id", "label"),
            List.of(List.of(1, "row 1"), List.of(2, "row 2"), List.of(3, "row 3")));

    /** Cells as an agent reads them in JSON: any integer type compares as a long. */
    private static List<List<Object>> cells(QueryResult result) {
        List<List<Object>> rows = new ArrayList<>();
        for (List<Object> row : result.rows()) {
            rows.add(row.stream().map(v -> v instanceof Integer || v instanceof Short
                    ? (Object) ((Number) v).longValue() : v).toList());
        }
        return rows;
    }

    @Test
    public void execute_whenReading_returnsColumnsAndRowsInOrder() throws Exception {
        cannedResult(THREE_ROWS, THREE_ROWS_RESULT);

        QueryResult result = target().execute(read(THREE_ROWS, 10, Duration.ofSeconds(10)), credentials());

        assertThat(result.columns()).extracting(ResultColumn::label).containsExactly("id", "label");
        assertThat(cells(result)).containsExactly(List.of(1L, "row 1"), List.of(2L, "row 2"), List.of(3L, "row 3"));
        assertThat(result.truncated()).isFalse();
        assertThat(result.rowsAffected()).as("a read changes no rows").isEqualTo(-1);
    }

    @Test
    public void execute_whenMoreRowsThanTheCap_returnsTheFirstOnesAndSaysTruncated() throws Exception {
        cannedResult(THREE_ROWS, THREE_ROWS_RESULT);

        QueryResult result = target().execute(read(THREE_ROWS, 2, Duration.ofSeconds(10)), credentials());

        assertThat(cells(result)).containsExactly(List.of(1L, "row 1"), List.of(2L, "row 2"));
        assertThat(result.truncated()).isTrue();
    }

    @Test
    public void execute_keepsParametersAsValues() throws Exception {
        String sql = "select ?::text as label";
        String hostile = "x'; drop table customers; --";
        cannedResult(sql, rows(List.of("label"), List.of(List.of(hostile))));

        QueryResult result = target().execute(read(sql, 10, Duration.ofSeconds(10), hostile), credentials());

        assertThat(cells(result)).containsExactly(List.of(hostile));
    }

    @Test
    public void execute_whenAReadOnlyExecutionWrites_theDatabaseRefusesItAndNothingChanges() throws Exception {
        assertThatThrownBy(() -> target().execute(read("create table contract_refused_write (id int)", 10,
                Duration.ofSeconds(10)), credentials()))
                .isInstanceOf(StatementFailedException.class)
                .extracting(e -> ((StatementFailedException) e).sqlState()).isEqualTo("25006");

        QueryResult tables = target().execute(read(
                "select count(*) from pg_tables where tablename = 'contract_refused_write'", 1,
                Duration.ofSeconds(10)), credentials());
        assertThat(cells(tables)).containsExactly(List.of(0L));
    }

    @Test
    public void execute_whenTheStatementFails_reportsItsSqlState() {
        assertThatThrownBy(() -> target().execute(read("select * from contract_no_such_table", 10,
                Duration.ofSeconds(10)), credentials()))
                .isInstanceOf(StatementFailedException.class)
                .extracting(e -> ((StatementFailedException) e).sqlState()).isEqualTo("42P01");
    }

    @Test
    public void execute_whenTheStatementRunsPastItsTimeout_isStoppedAsCancelled() {
        long started = System.nanoTime();

        assertThatThrownBy(() -> target().execute(read("select pg_sleep(10)", 1, Duration.ofSeconds(1)),
                credentials()))
                .isInstanceOf(StatementFailedException.class)
                .extracting(e -> ((StatementFailedException) e).sqlState()).isEqualTo("57014");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
    }
}
