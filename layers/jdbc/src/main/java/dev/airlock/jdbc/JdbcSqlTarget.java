package dev.airlock.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
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

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A PostgreSQL database reached over JDBC with the credentials the broker hands out for each
 * request. Every statement runs in its own transaction: READ ONLY for reads, so PostgreSQL
 * refuses any write the classifier missed, and rolled back if anything fails. Connections are
 * pooled per login (a SCRAM login costs tens of milliseconds); a rotated password gets a new
 * pool and retires the old one.
 */
public final class JdbcSqlTarget implements SqlTarget, AutoCloseable {
    private static final int CONNECT_TIMEOUT_SECONDS = 5;
    private static final int MAX_CONNECTIONS_PER_LOGIN = 8;

    private final String name;
    private final String jdbcUrl;
    private final Map<PoolKey, HikariDataSource> pools = new ConcurrentHashMap<>();

    /** A pool per user and password; the password is kept only as a digest. */
    private record PoolKey(String username, String passwordDigest) {
        static PoolKey of(DatabaseLogin login) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256")
                        .digest(login.password().reveal().getBytes(StandardCharsets.UTF_8));
                return new PoolKey(login.username(), HexFormat.of().formatHex(digest));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

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
        Connection connection = pool(login).getConnection();
        // The request id shows in pg_stat_activity and the server log, tying them to the audit record.
        connection.setClientInfo("ApplicationName", "airlock " + requestId);
        return connection;
    }

    private HikariDataSource pool(DatabaseLogin login) {
        PoolKey key = PoolKey.of(login);
        HikariDataSource existing = pools.get(key);
        if (existing != null) {
            return existing;
        }
        synchronized (pools) {
            HikariDataSource pool = pools.computeIfAbsent(key, k -> newPool(login));
            // A new password for the same user means the old one was rotated out.
            pools.entrySet().removeIf(e -> {
                boolean stale = e.getKey().username().equals(key.username()) && !e.getKey().equals(key);
                if (stale) {
                    e.getValue().close();
                }
                return stale;
            });
            return pool;
        }
    }

    private HikariDataSource newPool(DatabaseLogin login) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("airlock-" + name);
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(login.username());
        config.setPassword(login.password().reveal());
        config.setMaximumPoolSize(MAX_CONNECTIONS_PER_LOGIN);
        config.setMinimumIdle(0);
        config.setIdleTimeout(Duration.ofMinutes(1).toMillis());
        config.setMaxLifetime(Duration.ofMinutes(10).toMillis());
        config.setConnectionTimeout(Duration.ofSeconds(3).toMillis());
        // Do not connect when the pool is made; the first request reports what goes wrong.
        config.setInitializationFailTimeout(-1);
        config.setAutoCommit(false);
        config.addDataSourceProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        config.addDataSourceProperty("ApplicationName", "airlock");
        // BEGIN READ ONLY for read-only connections rather than a session setting.
        config.addDataSourceProperty("readOnlyMode", "transaction");
        return new HikariDataSource(config);
    }

    @Override
    public void close() {
        pools.values().forEach(HikariDataSource::close);
        pools.clear();
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
        String state = rootState(e);
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

    /**
     * The SQLSTATE that explains the failure: a pool timeout (08001) carries the real reason,
     * such as a refused password (28P01), as its cause.
     */
    private static String rootState(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException inner && inner.getSQLState() != null
                    && inner.getSQLState().startsWith("28")) {
                return inner.getSQLState();
            }
        }
        return state;
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
