package dev.airlock.embedded;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoDatabaseTest {
    private static final String PASSWORD = "test-gateway-password";
    @TempDir
    static Path dir;
    private static DemoDatabase db;

    @BeforeAll
    static void start() {
        db = DemoDatabase.start(dir.resolve("pg"), PASSWORD);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    private static Connection asGateway(String password) throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), DemoDatabase.GATEWAY_ROLE, password);
    }

    @Test
    void start_seedsRealisticCustomersAndOrders() throws Exception {
        try (Connection c = asGateway(PASSWORD); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     select count(*), count(distinct email), min(email), min(ssn),
                            (select count(*) from orders) from customers""")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(DemoData.CUSTOMERS);
            assertThat(rs.getInt(2)).isEqualTo(DemoData.CUSTOMERS);
            assertThat(rs.getString(3)).contains("@");
            assertThat(rs.getString(4)).matches("\\d{3}-\\d{2}-\\d{4}");
            assertThat(rs.getInt(5)).isEqualTo(DemoData.ORDERS);
        }
    }

    @Test
    void gatewayRole_cannotChangeTheSchema() throws Exception {
        try (Connection c = asGateway(PASSWORD); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("drop table orders")).hasMessageContaining("must be owner");
            assertThatThrownBy(() -> s.execute("create table evil (x int)")).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void gatewayRole_needsItsPassword() {
        assertThatThrownBy(() -> asGateway("wrong")).isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("28P01");
    }

    private static Connection as(String role) throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), role, PASSWORD);
    }

    private static String state(ThrowingStatement body, String role) throws SQLException {
        try (Connection c = as(role); Statement s = c.createStatement()) {
            body.run(s);
            return "ok";
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }

    @FunctionalInterface
    private interface ThrowingStatement {
        void run(Statement s) throws SQLException;
    }

    @Test
    void readerRole_readsTablesButCannotWriteEvenOutsideAReadOnlyTransaction() throws Exception {
        assertThat(state(s -> s.executeQuery("select count(*) from customers").close(), DemoDatabase.READER_ROLE))
                .isEqualTo("ok");
        assertThat(state(s -> s.execute("update customers set city = 'x' where id = 1"), DemoDatabase.READER_ROLE))
                .isEqualTo("42501");
        assertThat(state(s -> s.execute("delete from orders where id = 1"), DemoDatabase.READER_ROLE))
                .isEqualTo("42501");
        assertThat(state(s -> s.execute("insert into orders (customer_id, total, created_at) values (1, 1, now())"),
                DemoDatabase.READER_ROLE)).isEqualTo("42501");
        assertThat(state(s -> s.executeQuery("select nextval('orders_id_seq')").close(), DemoDatabase.READER_ROLE))
                .isEqualTo("42501");
    }

    @Test
    void bothRoles_cannotChangeTheSchemaOrMakeTemporaryTablesOrGrant() throws Exception {
        for (String role : new String[]{DemoDatabase.READER_ROLE, DemoDatabase.WRITER_ROLE}) {
            assertThat(state(s -> s.execute("create table evil (x int)"), role)).as(role).isEqualTo("42501");
            assertThat(state(s -> s.execute("create temporary table customers (x int)"), role)).as(role)
                    .isEqualTo("42501");
            assertThat(state(s -> s.execute("alter table orders add column x int"), role)).as(role)
                    .isEqualTo("42501");
            state(s -> s.execute("grant select on customers to public"), role);
            try (Connection admin = db.adminConnection(); Statement s = admin.createStatement();
                 ResultSet rs = s.executeQuery("select count(*) from information_schema.role_table_grants "
                         + "where grantee = 'PUBLIC' and table_name = 'customers'")) {
                rs.next();
                assertThat(rs.getInt(1)).as(role + " granted to PUBLIC").isZero();
            }
            assertThat(state(s -> s.execute("create role evil"), role)).as(role).isEqualTo("42501");
        }
    }

    @Test
    void bothRoles_cannotReachOtherSessionsLargeObjectsOrLocks() throws Exception {
        for (String role : new String[]{DemoDatabase.READER_ROLE, DemoDatabase.WRITER_ROLE}) {
            // Red-team F6 and F2: spying on and killing another agent's session, planting large objects.
            assertThat(state(s -> s.executeQuery("select pg_terminate_backend(pg_backend_pid() + 1)").close(), role))
                    .as(role).isEqualTo("42501");
            assertThat(state(s -> s.executeQuery("select pg_cancel_backend(1)").close(), role)).as(role)
                    .isEqualTo("42501");
            assertThat(state(s -> s.executeQuery("select query from pg_stat_get_activity(null)").close(), role))
                    .as(role).isEqualTo("42501");
            assertThat(state(s -> s.executeQuery("select query from pg_stat_activity").close(), role)).as(role)
                    .isEqualTo("42501");
            assertThat(state(s -> s.executeQuery("select lo_from_bytea(0, 'x'::bytea)").close(), role)).as(role)
                    .isEqualTo("42501");
            assertThat(state(s -> s.executeQuery("select pg_advisory_lock(42)").close(), role)).as(role)
                    .isEqualTo("42501");
            assertThat(state(s -> s.executeQuery("select pg_notify('c', 'x')").close(), role)).as(role)
                    .isEqualTo("42501");
        }
    }

    @Test
    void writerRole_changesRowsAndUsesSequences() throws Exception {
        assertThat(state(s -> s.execute("update orders set total = total where id = 1"), DemoDatabase.WRITER_ROLE))
                .isEqualTo("ok");
        assertThat(state(s -> s.executeQuery("select nextval('orders_id_seq')").close(), DemoDatabase.WRITER_ROLE))
                .isEqualTo("ok");
    }
}
