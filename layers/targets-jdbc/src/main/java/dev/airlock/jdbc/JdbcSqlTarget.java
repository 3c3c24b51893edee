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
import dev.airlock.core.port.TargetBusyException;
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
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
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
 *
 * <p>A pooled session must not carry one request's doings into the next: every connection is
 * reset ({@code DISCARD ALL}) each time it is lent out and again when it comes back, and the
 * settings that decide how text is read and how long it may run are pinned at connection start
 * ({@code options=-c ...}), so the reset returns to them. Text the driver would send as more
 * than one statement never reaches it. Each agent gets a bounded share of the connections;
 * past the bounded wait it is told the target is busy.
 *
 * <p>Nothing here logs, and a database refusal carries only its SQLSTATE: server messages
 * quote values.
 */
public final class JdbcSqlTarget implements SqlTarget, AutoCloseable {
    private static final int CONNECT_TIMEOUT_SECONDS = 5;
    private static final int FETCH_SIZE = 500;
    /** Reported for text the driver would split into several statements. */
    static final String MULTIPLE_STATEMENTS_STATE = "42601";
    /** The session's own ceiling; each request sets its own, lower one for its transaction. */
    private static final Duration SESSION_STATEMENT_TIMEOUT = Duration.ofMinutes(5);

    private final String name;
    private final String jdbcUrl;
    private final JdbcTargetLimits limits;
    private final Map<PoolKey, HikariDataSource> pools = new ConcurrentHashMap<>();
    private final AgentShares shares;

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
        this(name, jdbcUrl, JdbcTargetLimits.DEFAULTS);
    }

    public JdbcSqlTarget(String name, String jdbcUrl, JdbcTargetLimits limits) {
        this.name = Objects.requireNonNull(name, "name");
        this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        this.limits = Objects.requireNonNull(limits, "limits");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("Target '" + name + "': only jdbc:postgresql: URLs are supported, got "
                    + jdbcUrl.replaceAll("\\?.*", "?..."));
        }
        String query = jdbcUrl.contains("?") ? jdbcUrl.substring(jdbcUrl.indexOf('?')).toLowerCase(Locale.ROOT) : "";
        for (String pinned : List.of("options=", "preferquerymode=", "currentschema=")) {
            if (query.contains(pinned)) {
                throw new IllegalArgumentException("Target '" + name + "': remove " + pinned.replace("=", "")
                        + " from the JDBC URL; Airlock pins the session settings itself.");
            }
        }
        this.shares = new AgentShares(limits.agentConnections(), limits.busyWait());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public QueryResult execute(SqlExecution execution, TargetCredentials credentials)
            throws StatementFailedException, TargetUnavailableException, TargetBusyException {
        if (!(credentials instanceof DatabaseLogin login)) {
            throw new TargetUnavailableException("Target '" + name + "' needs a database login.", null);
        }
        if (!SingleStatement.isSingle(execution.sql())) {
            throw new StatementFailedException(MULTIPLE_STATEMENTS_STATE, "The driver would read this text as more "
                    + "than one statement; Airlock runs exactly one.");
        }
        try (AgentShares.Lease lease = shares.acquire(execution.agentId())) {
            if (lease == null) {
                throw busy("this agent already runs " + limits.agentConnections() + " statements on it");
            }
            return executeOnPooledConnection(execution, login);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetUnavailableException("Target '" + name + "': the gateway is shutting down.", null);
        }
    }

    private QueryResult executeOnPooledConnection(SqlExecution execution, DatabaseLogin login)
            throws StatementFailedException, TargetUnavailableException, TargetBusyException {
        HikariDataSource pool = pool(login);
        Connection connection;
        try {
            connection = pool.getConnection();
        } catch (SQLException e) {
            if (e instanceof SQLTransientConnectionException && e.getCause() == null) {
                // Hikari's own wait ran out with no connection failure behind it: every connection is in use.
                throw busy("all its connections are in use");
            }
            throw translateUnavailable(e);
        }
        try (connection) {
            try {
                lend(connection, execution.requestId());
            } catch (SQLException e) {
                pool.evictConnection(connection);
                throw translateUnavailable(e);
            }
            QueryResult result;
            try {
                connection.setReadOnly(execution.readOnly());
                limitThisTransaction(connection, execution.timeout());
                result = run(connection, execution, limits.maxResponseBytes());
                connection.commit();
            } catch (SQLException e) {
                rollbackQuietly(connection);
                resetOrEvict(pool, connection);
                throw translate(e);
            }
            resetOrEvict(pool, connection);
            return result;
        } catch (SQLException closing) {
            throw translateUnavailable(closing);
        }
    }

    /**
     * Makes a pooled session fresh before a request uses it: {@code DISCARD ALL} ends LISTENs,
     * advisory locks, cursors, prepared statements and temporary tables, and returns every
     * setting to the values pinned at connection start.
     */
    private static void lend(Connection connection, String requestId) throws SQLException {
        reset(connection);
        // The request id shows in pg_stat_activity and the server log, tying them to the audit record.
        connection.setClientInfo("ApplicationName", "airlock " + requestId);
        connection.setAutoCommit(false);
    }

    private static void reset(Connection connection) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement reset = connection.createStatement()) {
            reset.execute("DISCARD ALL");
        }
    }

    /** Resets a returned session too, so its locks and LISTENs go now; one that cannot be reset leaves the pool. */
    private static void resetOrEvict(HikariDataSource pool, Connection connection) {
        try {
            reset(connection);
        } catch (SQLException e) {
            pool.evictConnection(connection);
        }
    }

    /** This request's own timeout, for this transaction only. */
    private static void limitThisTransaction(Connection connection, Duration timeout) throws SQLException {
        try (Statement set = connection.createStatement()) {
            set.execute("SET LOCAL statement_timeout = " + Math.max(1, timeout.toMillis()));
        }
    }

    private TargetBusyException busy(String why) {
        return new TargetBusyException("Target '" + name + "' is busy: " + why + ". Retry after "
                + retryAfter().toSeconds() + " s.", retryAfter());
    }

    private Duration retryAfter() {
        return Duration.ofSeconds(Math.max(1, limits.busyWait().toSeconds()));
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
        config.setMaximumPoolSize(limits.poolSize());
        // Two connections kept ready, so an agent arriving while another holds its share does not
        // queue behind connection set-up on a busy server (Hikari opens connections one at a time).
        config.setMinimumIdle(Math.min(2, limits.poolSize()));
        config.setIdleTimeout(Duration.ofMinutes(1).toMillis());
        config.setMaxLifetime(Duration.ofMinutes(10).toMillis());
        config.setConnectionTimeout(limits.busyWait().toMillis());
        // Do not connect when the pool is made; the first request reports what goes wrong.
        config.setInitializationFailTimeout(-1);
        config.setAutoCommit(false);
        config.addDataSourceProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        config.addDataSourceProperty("ApplicationName", "airlock");
        // BEGIN READ ONLY for read-only connections rather than a session setting.
        config.addDataSourceProperty("readOnlyMode", "transaction");
        // One statement per Parse message: the server itself refuses a second one.
        config.addDataSourceProperty("preferQueryMode", "extended");
        config.addDataSourceProperty("options", pinnedSettings(defaultSchema(), limits));
        return new HikariDataSource(config);
    }

    /**
     * Settings given at connection start are what {@code RESET ALL} (inside {@code DISCARD ALL})
     * returns to, and they outrank {@code ALTER ROLE ... SET}. pg_catalog comes first and
     * pg_temp last, so neither a temporary table nor a same-named function in the schema
     * shadows what a statement was classified as.
     */
    static String pinnedSettings(String schema, JdbcTargetLimits limits) {
        if (!schema.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Schema '" + schema + "' cannot be pinned in a search_path.");
        }
        return String.join(" ",
                "-c standard_conforming_strings=on",
                "-c search_path=pg_catalog," + schema + ",pg_temp",
                "-c statement_timeout=" + SESSION_STATEMENT_TIMEOUT.toMillis(),
                "-c lock_timeout=" + limits.lockTimeout().toMillis(),
                "-c idle_in_transaction_session_timeout=" + limits.idleInTransactionTimeout().toMillis());
    }

    /**
     * Closes every pooled connection; the next statement opens fresh ones. For a process whose
     * sockets did not survive a pause, such as a Lambda function restored from a SnapStart
     * snapshot, where a connection opened before the snapshot points at nothing. Call it while no
     * statement runs: one running now would lose its connection.
     */
    public void discardConnections() {
        synchronized (pools) {
            pools.values().forEach(HikariDataSource::close);
            pools.clear();
        }
    }

    @Override
    public void close() {
        pools.values().forEach(HikariDataSource::close);
        pools.clear();
    }

    private static QueryResult run(Connection connection, SqlExecution execution, long maxBytes) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(execution.sql())) {
            // A client-side cancel as well, in case the server-side timeout is changed mid-statement.
            statement.setQueryTimeout((int) Math.max(1, execution.timeout().plusSeconds(1).toSeconds()));
            statement.setMaxRows(execution.maxRows() + 1);
            // Rows arrive in batches, so the byte cap stops reading before a huge result is held whole.
            statement.setFetchSize(FETCH_SIZE);
            List<Object> params = execution.params();
            for (int i = 0; i < params.size(); i++) {
                statement.setObject(i + 1, params.get(i));
            }
            if (!statement.execute()) {
                return QueryResult.ofUpdate(statement.getUpdateCount());
            }
            try (ResultSet rs = statement.getResultSet()) {
                return read(rs, execution.maxRows(), maxBytes);
            }
        }
    }

    private static QueryResult read(ResultSet rs, int maxRows, long maxBytes) throws SQLException {
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
        long bytes = 0;
        while (rs.next()) {
            if (rows.size() == maxRows) {
                truncated = true;
                break;
            }
            List<Object> row = new ArrayList<>(count);
            for (int i = 1; i <= count; i++) {
                Object value = JdbcValues.read(rs, i, types[i - 1]);
                bytes += JdbcValues.jsonBytes(value);
                row.add(value);
            }
            if (bytes > maxBytes) {
                truncated = true;
                break;
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

    /** A failure to connect or to reset a session: the target, not the statement. */
    private TargetUnavailableException translateUnavailable(SQLException e) {
        String state = rootState(e);
        if (state.startsWith("28")) {
            return unavailable("refused the gateway's credentials. Your operator must fix the target's secret.", e);
        }
        return unavailable("cannot be reached right now. Retry shortly; if it persists, tell your operator.", e);
    }

    /**
     * A refused statement carries its SQLSTATE and nothing of the server's message, which can
     * quote values; connection trouble is the target's, not the statement's.
     */
    private Exception translateFailure(SQLException e) {
        String state = rootState(e);
        if (state.startsWith("08") || state.startsWith("28")) {
            return translateUnavailable(e);
        }
        if (state.equals("57014")) {
            return new StatementFailedException(state, "The statement ran longer than the gateway's timeout "
                    + "and was cancelled.");
        }
        String known = state.isEmpty() ? "unknown" : state;
        return new StatementFailedException(known, "The database refused the statement (SQLSTATE " + known + ").");
    }

    private StatementFailedException translate(SQLException e) throws TargetUnavailableException {
        Exception translated = translateFailure(e);
        if (translated instanceof TargetUnavailableException unavailable) {
            throw unavailable;
        }
        return (StatementFailedException) translated;
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
