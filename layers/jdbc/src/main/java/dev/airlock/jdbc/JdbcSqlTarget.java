package dev.airlock.jdbc;

import dev.airlock.core.model.DatabaseLogin;
import dev.airlock.core.model.QueryResult;
import dev.airlock.core.model.ResultColumn;
import dev.airlock.core.model.SqlExecution;
import dev.airlock.core.model.TableRef;
import dev.airlock.core.model.TargetCredentials;
import dev.airlock.core.port.SqlTarget;
import dev.airlock.core.port.StatementFailedException;
import dev.airlock.core.port.TargetUnavailableException;
import org.postgresql.PGResultSetMetaData;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * A PostgreSQL database reached over JDBC with the credentials the broker hands out for each
 * request. Every statement runs in its own transaction: READ ONLY for reads, so PostgreSQL
 * refuses any write the classifier missed, and rolled back if anything fails.
 */
public final class JdbcSqlTarget implements SqlTarget {
    private static final int CONNECT_TIMEOUT_SECONDS = 5;

    private final String name;
    private final String jdbcUrl;

    public JdbcSqlTarget(String name, String jdbcUrl) {
        this.name = Objects.requireNonNull(name, "name");
        this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("Target '" + name + "': only jdbc:postgresql: URLs are supported, got "
                    + jdbcUrl.replaceAll("\\?.*", "?..."));
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public QueryResult execute(SqlExecution execution, TargetCredentials credentials)
            throws StatementFailedException, TargetUnavailableException {
        if (!(credentials instanceof DatabaseLogin login)) {
            throw new TargetUnavailableException("Target '" + name + "' needs a database login.", null);
        }
        try (Connection connection = connect(login, execution.requestId())) {
            connection.setAutoCommit(false);
            connection.setReadOnly(execution.readOnly());
            try {
                QueryResult result = run(connection, execution);
                connection.commit();
                return result;
            } catch (SQLException e) {
                rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            Exception translated = translate(e);
            if (translated instanceof StatementFailedException failed) {
                throw failed;
            }
            throw (TargetUnavailableException) translated;
        }
    }

    private Connection connect(DatabaseLogin login, String requestId) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", login.username());
        props.setProperty("password", login.password().reveal());
        props.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        // The request id shows in pg_stat_activity and the server log, tying them to the audit record.
        props.setProperty("ApplicationName", "airlock " + requestId);
        // BEGIN READ ONLY for read-only connections rather than a session setting.
        props.setProperty("readOnlyMode", "transaction");
        return DriverManager.getConnection(jdbcUrl, props);
    }

    private static QueryResult run(Connection connection, SqlExecution execution) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(execution.sql())) {
            statement.setQueryTimeout((int) Math.max(1, execution.timeout().toSeconds()));
            statement.setMaxRows(execution.maxRows() + 1);
            List<Object> params = execution.params();
            for (int i = 0; i < params.size(); i++) {
                statement.setObject(i + 1, params.get(i));
            }
            if (!statement.execute()) {
                return QueryResult.ofUpdate(statement.getUpdateCount());
            }
            try (ResultSet rs = statement.getResultSet()) {
                return read(rs, execution.maxRows());
            }
        }
    }

    private static QueryResult read(ResultSet rs, int maxRows) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        int count = meta.getColumnCount();
        List<ResultColumn> columns = new ArrayList<>(count);
        String[] types = new String[count];
        for (int i = 1; i <= count; i++) {
            columns.add(column(meta, i));
            types[i - 1] = meta.getColumnTypeName(i);
        }
        List<List<Object>> rows = new ArrayList<>();
        boolean truncated = false;
        while (rs.next()) {
            if (rows.size() == maxRows) {
                truncated = true;
                break;
            }
            List<Object> row = new ArrayList<>(count);
            for (int i = 1; i <= count; i++) {
                row.add(JdbcValues.read(rs, i, types[i - 1]));
            }
            rows.add(row);
        }
        return new QueryResult(columns, rows, -1, truncated);
    }

    /** The label the agent asked for, and the table column the values came from, if any. */
    private static ResultColumn column(ResultSetMetaData meta, int i) throws SQLException {
        String label = meta.getColumnLabel(i);
        if (meta.isWrapperFor(PGResultSetMetaData.class)) {
            PGResultSetMetaData pg = meta.unwrap(PGResultSetMetaData.class);
            String table = pg.getBaseTableName(i);
            String column = pg.getBaseColumnName(i);
            if (table != null && !table.isEmpty() && column != null && !column.isEmpty()) {
                return new ResultColumn(label, Optional.of(TableRef.of(pg.getBaseSchemaName(i), quote(table))),
                        Optional.of(column));
            }
        }
        return ResultColumn.labelled(label);
    }

    /** Catalog names are exact; quoting keeps TableRef from folding their case. */
    private static String quote(String catalogName) {
        return "\"" + catalogName.replace("\"", "\"\"") + "\"";
    }

    private TargetUnavailableException unavailable(String why, SQLException cause) {
        return new TargetUnavailableException("Target '" + name + "' " + why, cause);
    }

    private Exception translate(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("08")) {
            return unavailable("cannot be reached right now. Retry shortly; if it persists, tell your operator.", e);
        }
        if (state.startsWith("28")) {
            return unavailable("refused the gateway's credentials. Your operator must fix the target's secret.", e);
        }
        if (state.equals("57014")) {
            return new StatementFailedException(state, "The statement ran longer than the gateway's timeout "
                    + "and was cancelled.");
        }
        return new StatementFailedException(state.isEmpty() ? "unknown" : state, serverMessage(e));
    }

    /** The server's own message, without the driver's "ERROR:" prefix or the statement position. */
    private static String serverMessage(SQLException e) {
        String message = String.valueOf(e.getMessage()).strip();
        if (message.startsWith("ERROR: ")) {
            message = message.substring("ERROR: ".length());
        }
        return message.replaceAll("\\s*Position: \\d+$", "").replaceAll("\\s+", " ");
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // The connection is closed next; PostgreSQL rolls back on close anyway.
        }
    }

    @Override
    public String toString() {
        return "JdbcSqlTarget[" + name + "]";
    }
}
