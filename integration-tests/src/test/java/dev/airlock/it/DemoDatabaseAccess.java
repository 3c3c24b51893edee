package dev.airlock.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Direct access to the demo database behind the gateway, with the gateway's own login from
 * secrets.json: to know the raw values masking must hide, and to check what really ran.
 */
final class DemoDatabaseAccess {
    private final LocalGateway gateway;

    DemoDatabaseAccess(LocalGateway gateway) {
        this.gateway = gateway;
    }

    Connection connect() throws SQLException {
        try {
            JsonNode secrets = new ObjectMapper().readTree(gateway.dataDir().resolve("secrets.json").toFile());
            JsonNode demo = secrets.path("targets").path("demo");
            return DriverManager.getConnection(gateway.runtimeFile().path("targets").path("demo").path("jdbcUrl").asText(),
                    demo.path("username").asText(), demo.path("password").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The database's own superuser, as an operator on the database host: it sees every session,
     * where the gateway's logins may not (pg_stat_activity is revoked from PUBLIC).
     */
    Connection connectAsOperator() throws SQLException {
        return DriverManager.getConnection(gateway.runtimeFile().path("targets").path("demo").path("jdbcUrl").asText(),
                "postgres", "");
    }

    long countAsOperator(String sql) throws SQLException {
        try (Connection c = connectAsOperator(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    List<String> column(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    long count(String sql) throws SQLException {
        return Long.parseLong(column(sql).get(0));
    }

    String demoPassword() {
        try {
            return new ObjectMapper().readTree(gateway.dataDir().resolve("secrets.json").toFile())
                    .path("targets").path("demo").path("password").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
