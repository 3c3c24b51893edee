package dev.airlock.jdbc;

import dev.airlock.core.model.DatabaseLogin;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * Connects as a target's login and lists every grant broader than Airlock needs from it: a
 * reading login needs SELECT on the target's tables and nothing more; a writing login needs
 * SELECT, INSERT, UPDATE and DELETE on them and USAGE on their sequences, and never DDL, grant
 * options or ownership. The database enforces what policy decided only if its grants are that
 * narrow.
 */
public final class TargetGrantCheck {
    /** What Airlock uses the login for. */
    public enum Purpose {
        READ, WRITE
    }

    /**
     * One grant broader than needed.
     *
     * @param login   the database user
     * @param purpose what Airlock uses the login for
     * @param grant   the grant, as the database names it
     * @param why     why Airlock does not need it
     */
    public record Finding(String login, Purpose purpose, String grant, String why) {
    }

    /** Predefined roles that reach past the target's own rows. */
    private static final String PREDEFINED_ROLES = "r.rolname like 'pg\\_%'";

    /** Built-ins that show or end other sessions' work, touch files, write large objects or hold locks. */
    private static final String REACHING_FUNCTIONS = """
            (p.proname like 'lo\\_%' or p.proname in ('lowrite', 'loread')
             or p.proname like 'pg\\_advisory%' or p.proname like 'pg\\_try\\_advisory%'
             or p.proname like 'dblink%'
             or p.proname in ('pg_terminate_backend', 'pg_cancel_backend', 'pg_stat_get_activity', 'pg_notify',
                              'pg_read_file', 'pg_read_binary_file', 'pg_ls_dir', 'pg_stat_file',
                              'pg_reload_conf', 'pg_rotate_logfile'))""";

    private static final String USER_SCHEMAS = "n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'";

    private final String jdbcUrl;

    public TargetGrantCheck(String jdbcUrl) {
        this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    }

    /**
     * The grants of {@code login} broader than {@code purpose} needs; empty when it is as narrow as it should be.
     *
     * @throws SQLException when the login cannot connect or read the catalog
     */
    public List<Finding> check(DatabaseLogin login, Purpose purpose) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", login.username());
        props.setProperty("password", login.password().reveal());
        props.setProperty("connectTimeout", "5");
        props.setProperty("ApplicationName", "airlock target check");
        try (Connection c = DriverManager.getConnection(jdbcUrl, props)) {
            c.setReadOnly(true);
            List<Finding> findings = new ArrayList<>();
            Collector found = (grant, why) -> findings.add(new Finding(login.username(), purpose, grant, why));
            roleAttributes(c, found);
            memberships(c, found);
            ownership(c, found);
            createAndTemporary(c, found);
            tablePrivileges(c, purpose, found);
            sequencePrivileges(c, purpose, found);
            functions(c, found);
            return List.copyOf(findings);
        }
    }

    @FunctionalInterface
    private interface Collector {
        void add(String grant, String why);
    }

    private static void roleAttributes(Connection c, Collector found) throws SQLException {
        query(c, """
                select rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, rolreplication
                from pg_roles where rolname = current_user""", rs -> {
            flag(rs.getBoolean(1), found, "SUPERUSER", "bypasses every grant: the database enforces nothing");
            flag(rs.getBoolean(2), found, "CREATEROLE", "can make and grant roles");
            flag(rs.getBoolean(3), found, "CREATEDB", "can create databases");
            flag(rs.getBoolean(4), found, "BYPASSRLS", "ignores row-level security");
            flag(rs.getBoolean(5), found, "REPLICATION", "can stream every row of the cluster");
        });
    }

    private static void flag(boolean has, Collector found, String grant, String why) {
        if (has) {
            found.add(grant, why);
        }
    }

    private static void memberships(Connection c, Collector found) throws SQLException {
        query(c, "select r.rolname, r.rolsuper or r.rolcreaterole or r.rolcreatedb or r.rolbypassrls from pg_roles r "
                + "where r.rolname <> current_user and pg_has_role(current_user, r.oid, 'MEMBER') "
                + "and (" + PREDEFINED_ROLES + " or r.rolsuper or r.rolcreaterole or r.rolcreatedb or r.rolbypassrls) "
                + "order by 1", rs -> found.add("member of " + rs.getString(1), rs.getString(1).startsWith("pg_")
                ? "a predefined role whose powers reach past the target's tables"
                : "a role with SUPERUSER, CREATEROLE, CREATEDB or BYPASSRLS"));
    }

    private static void ownership(Connection c, Collector found) throws SQLException {
        query(c, """
                select 'database ' || datname from pg_database
                  where datname = current_database() and pg_has_role(current_user, datdba, 'MEMBER')
                union all
                select 'schema ' || n.nspname from pg_namespace n
                  where pg_has_role(current_user, n.nspowner, 'MEMBER') and %s
                union all
                select 'table ' || cl.oid::regclass::text from pg_class cl join pg_namespace n on n.oid = cl.relnamespace
                  where pg_has_role(current_user, cl.relowner, 'MEMBER') and %s
                union all
                select 'function ' || p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                  where pg_has_role(current_user, p.proowner, 'MEMBER') and %s
                order by 1""".formatted(USER_SCHEMAS, USER_SCHEMAS, USER_SCHEMAS),
                rs -> found.add("owns " + rs.getString(1), "an owner may alter, drop and grant it"));
    }

    private static void createAndTemporary(Connection c, Collector found) throws SQLException {
        query(c, "select 'CREATE on schema ' || n.nspname from pg_namespace n where " + USER_SCHEMAS
                + " and has_schema_privilege(n.oid, 'CREATE') order by 1",
                rs -> found.add(rs.getString(1), "can create objects (DDL)"));
        query(c, "select has_database_privilege(current_database(), 'CREATE'), "
                + "has_database_privilege(current_database(), 'TEMPORARY')", rs -> {
            flag(rs.getBoolean(1), found, "CREATE on database", "can create schemas (DDL)");
            flag(rs.getBoolean(2), found, "TEMPORARY on database",
                    "temporary tables can shadow the target's tables for the rest of a session");
        });
    }

    private static void tablePrivileges(Connection c, Purpose purpose, Collector found) throws SQLException {
        String needed = purpose == Purpose.READ ? "'SELECT'" : "'SELECT', 'INSERT', 'UPDATE', 'DELETE'";
        query(c, """
                select cl.oid::regclass::text, priv.name,
                       has_table_privilege(cl.oid, priv.name),
                       has_table_privilege(cl.oid, priv.name || ' WITH GRANT OPTION')
                from pg_class cl join pg_namespace n on n.oid = cl.relnamespace
                cross join (values ('SELECT'), ('INSERT'), ('UPDATE'), ('DELETE'), ('TRUNCATE'),
                                   ('REFERENCES'), ('TRIGGER')) as priv(name)
                where cl.relkind in ('r', 'p', 'v', 'm', 'f') and %s
                order by 1, 2""".formatted(USER_SCHEMAS), rs -> {
            String table = rs.getString(1);
            String privilege = rs.getString(2);
            if (rs.getBoolean(4)) {
                found.add(privilege + " WITH GRANT OPTION on " + table, "can pass its access on to other roles");
            } else if (rs.getBoolean(3) && !needed.contains("'" + privilege + "'")) {
                found.add(privilege + " on " + table, purpose == Purpose.READ
                        ? "the reading login needs SELECT only" : "the writing login needs SELECT, INSERT, UPDATE, DELETE only");
            }
        });
    }

    private static void sequencePrivileges(Connection c, Purpose purpose, Collector found) throws SQLException {
        query(c, """
                select cl.oid::regclass::text, priv.name
                from pg_class cl join pg_namespace n on n.oid = cl.relnamespace
                cross join (values ('USAGE'), ('UPDATE')) as priv(name)
                where cl.relkind = 'S' and %s and has_sequence_privilege(cl.oid, priv.name)
                order by 1, 2""".formatted(USER_SCHEMAS), rs -> {
            String privilege = rs.getString(2);
            if (purpose == Purpose.READ || privilege.equals("UPDATE")) {
                found.add(privilege + " on sequence " + rs.getString(1), purpose == Purpose.READ
                        ? "nextval writes; the reading login needs no sequence" : "setval rewinds the sequence");
            }
        });
    }

    private static void functions(Connection c, Collector found) throws SQLException {
        query(c, "select p.oid::regprocedure::text from pg_proc p where " + REACHING_FUNCTIONS
                + " and has_function_privilege(p.oid, 'EXECUTE') order by 1",
                rs -> found.add("EXECUTE on " + rs.getString(1),
                        "reaches past the target's rows: other sessions, files, large objects or locks"));
    }

    @FunctionalInterface
    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private static void query(Connection c, String sql, RowReader reader) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                reader.read(rs);
            }
        }
    }
}
