package dev.airlock.jdbc;

import dev.airlock.core.contract.SqlTargetContract;
import dev.airlock.core.model.DatabaseLogin;
import dev.airlock.core.model.Secret;
import dev.airlock.core.model.TargetCredentials;
import dev.airlock.core.port.SqlTarget;
import dev.airlock.embedded.DemoDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The SQL target contract (layers/core's test jar) on a real embedded PostgreSQL, as the gateway's own role. */
class JdbcSqlTargetContractTest extends SqlTargetContract {
    private static final String PASSWORD = "jdbc-contract-password";
    private static DemoDatabase db;
    private static JdbcSqlTarget target;

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
        return new DatabaseLogin(DemoDatabase.GATEWAY_ROLE, Secret.of(PASSWORD));
    }
}
