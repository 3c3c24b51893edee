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
}
