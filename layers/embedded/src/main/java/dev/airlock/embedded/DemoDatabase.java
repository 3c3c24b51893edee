package dev.airlock.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The embedded PostgreSQL behind the demo target: a {@code demo} database with customers and
 * orders of realistic fake people. The gateway reaches it as two password-authenticated roles,
 * so PostgreSQL itself enforces what policy decided: {@code airlock_reader} may only SELECT the
 * demo tables, and {@code airlock_gateway}, the writer, may read and change rows but owns
 * nothing, creates nothing and grants nothing. Neither may run the built-ins that reach past
 * their own rows: other sessions' activity, signalling backends, large objects, advisory locks,
 * notifications.
 */
public final class DemoDatabase implements AutoCloseable {
    public static final String DATABASE = "demo";
    /** The writer: SELECT, INSERT, UPDATE, DELETE on the demo tables and their sequences. */
    public static final String GATEWAY_ROLE = "airlock_gateway";
    public static final String WRITER_ROLE = GATEWAY_ROLE;
    /** The reader: SELECT on the demo tables, nothing else. */
    public static final String READER_ROLE = "airlock_reader";

    /**
     * Built-ins revoked from PUBLIC in the demo database: they show or end other sessions'
     * work, write large objects outside any table grant, or hold locks and channels across
     * requests. No demo statement needs them; the superuser keeps them.
     */
    static final String BUILT_INS_REVOKED = """
            select p.oid::regprocedure::text from pg_proc p
            where p.pronamespace = 'pg_catalog'::regnamespace
              and (p.proname like 'lo\\_%' or p.proname in ('lowrite', 'loread')
                   or p.proname like 'pg\\_advisory%' or p.proname like 'pg\\_try\\_advisory%'
                   or p.proname in ('pg_terminate_backend', 'pg_cancel_backend', 'pg_stat_get_activity',
                                    'pg_stat_get_backend_activity', 'pg_stat_get_backend_pid',
                                    'pg_stat_get_backend_userid', 'pg_stat_get_backend_client_addr',
                                    'pg_notify', 'pg_blocking_pids', 'pg_safe_snapshot_blocking_pids'))
            order by 1""";

    private final EmbeddedPostgres postgres;

    private DemoDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts PostgreSQL with its data under {@code dataDir} (kept across restarts) or in a fresh
     * temporary folder when {@code dataDir} is null, and makes sure the demo schema, data and
     * gateway role exist.
     */
    public static DemoDatabase start(Path dataDir, String password) {
        return start(dataDir, password, password);
    }

    /** As {@link #start(Path, String)}, with the reader's and the writer's own passwords. */
    public static DemoDatabase start(Path dataDir, String readerPassword, String writerPassword) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setDataDirectoryCustomizer(DemoDatabase::requirePasswords);
            if (dataDir != null) {
                Files.createDirectories(dataDir);
                stopOrphanedServer(dataDir);
                builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
            }
            DemoDatabase db = new DemoDatabase(builder.start());
            db.prepare(readerPassword, writerPassword);
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException("The embedded PostgreSQL did not start: " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new IllegalStateException("The demo database could not be prepared: " + e.getMessage(), e);
        }
    }

    /**
     * A gateway killed with SIGKILL cannot stop its PostgreSQL, which keeps running and holds
     * the data directory. The caller owns the folder (it holds the gateway's lock), so a server
     * still running there is an orphan of an earlier gateway: stop it so this one can start.
     */
    static void stopOrphanedServer(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.UTF_8).getFirst().trim());
        } catch (RuntimeException unreadable) {
            return; // PostgreSQL itself reports a stale or damaged pid file clearly.
        }
        Optional<ProcessHandle> orphan = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (orphan.isEmpty()) {
            return;
        }
        // SIGTERM is PostgreSQL's smart shutdown; its clients died with the old gateway.
        orphan.get().destroy();
        try {
            orphan.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            orphan.get().destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while stopping the PostgreSQL left running in " + dataDir, e);
        } catch (ExecutionException e) {
            throw new IOException("Could not stop the PostgreSQL left running in " + dataDir, e);
        }
    }

    /**
     * Only the superuser, which the embedded server uses to manage itself, connects without a
     * password, and only over loopback; every other role must present its password.
     */
    private static void requirePasswords(File dataDirectory) {
        String hba = """
                # Written by Airlock: the gateway's role authenticates with a password.
                host    all     postgres        127.0.0.1/32    trust
                host    all     all             127.0.0.1/32    scram-sha-256
                """;
        try {
            Files.writeString(dataDirectory.toPath().resolve("pg_hba.conf"), hba, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void prepare(String readerPassword, String writerPassword) throws SQLException {
        try (Connection admin = postgres.getPostgresDatabase().getConnection();
             Statement sql = admin.createStatement()) {
            if (!exists(admin, "select 1 from pg_database where datname = ?", DATABASE)) {
                sql.execute("create database " + DATABASE);
            }
            login(admin, READER_ROLE, readerPassword);
            login(admin, WRITER_ROLE, writerPassword);
        }
        try (Connection demo = postgres.getDatabase("postgres", DATABASE).getConnection()) {
            DemoData.createAndSeed(demo);
            try (Statement sql = demo.createStatement()) {
                sql.execute("revoke create on schema public from public");
                // A temporary table could shadow a real one for the rest of a pooled session.
                sql.execute("revoke temporary on database " + DATABASE + " from public");
                String both = READER_ROLE + ", " + WRITER_ROLE;
                sql.execute("revoke all on all tables in schema public from " + both);
                sql.execute("revoke all on all sequences in schema public from " + both);
                sql.execute("grant usage on schema public to " + both);
                sql.execute("grant select on all tables in schema public to " + READER_ROLE);
                sql.execute("grant select, insert, update, delete on all tables in schema public to " + WRITER_ROLE);
                sql.execute("grant usage on all sequences in schema public to " + WRITER_ROLE);
                revokeBuiltIns(sql);
            }
        }
    }

    /** A login role with no power beyond its grants; an existing one is brought back to that. */
    private static void login(Connection admin, String role, String password) throws SQLException {
        String verb = exists(admin, "select 1 from pg_roles where rolname = ?", role) ? "alter" : "create";
        try (Statement sql = admin.createStatement()) {
            sql.execute(verb + " role " + role + " login nosuperuser nocreatedb nocreaterole noreplication nobypassrls "
                    + "password " + quoteLiteral(password));
        }
    }

    private static void revokeBuiltIns(Statement sql) throws SQLException {
        List<String> functions = new ArrayList<>();
        try (ResultSet rs = sql.executeQuery(BUILT_INS_REVOKED)) {
            while (rs.next()) {
                functions.add(rs.getString(1));
            }
        }
        for (String function : functions) {
            sql.execute("revoke execute on function " + function + " from public");
        }
        sql.execute("revoke select on pg_catalog.pg_stat_activity from public");
    }

    private static boolean exists(Connection c, String query, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(query)) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String quoteLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    public int port() {
        return postgres.getPort();
    }

    /** The JDBC URL of the demo database, without credentials. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    /** A superuser connection to the demo database, for tests and seeding only. */
    public Connection adminConnection() throws SQLException {
        return postgres.getDatabase("postgres", DATABASE).getConnection();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("The embedded PostgreSQL did not stop cleanly", e);
        }
    }
}
