package dev.airlock.jdbc;

import dev.airlock.core.model.DatabaseLogin;
import dev.airlock.core.model.Secret;
import dev.airlock.embedded.DemoDatabase;
import dev.airlock.jdbc.TargetGrantCheck.Finding;
import dev.airlock.jdbc.TargetGrantCheck.Purpose;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetGrantCheckTest {
    private static final String PASSWORD = "grant-check-password";
    private static DemoDatabase db;
    private static TargetGrantCheck check;

    @BeforeAll
    static void start() throws Exception {
        db = DemoDatabase.start(null, PASSWORD);
        check = new TargetGrantCheck(db.jdbcUrl());
        try (Connection admin = db.adminConnection(); Statement sql = admin.createStatement()) {
            sql.execute("create role careless login createdb password '" + PASSWORD + "'");
            sql.execute("grant pg_signal_backend to careless");
            sql.execute("grant select, truncate on customers to careless with grant option");
            sql.execute("grant usage on sequence orders_id_seq to careless");
            sql.execute("grant create on schema public to careless");
            sql.execute("create table careless_owned (x int)");
            sql.execute("alter table careless_owned owner to careless");
            sql.execute("grant execute on function pg_terminate_backend(integer, bigint) to careless");
        }
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    private static DatabaseLogin login(String role) {
        return new DatabaseLogin(role, Secret.of(PASSWORD));
    }

    private static List<String> grants(List<Finding> findings) {
        return findings.stream().map(Finding::grant).toList();
    }

    @Test
    void check_whenDemoRoles_findsNothingBroaderThanNeeded() throws Exception {
        assertThat(check.check(login(DemoDatabase.READER_ROLE), Purpose.READ)).isEmpty();
        assertThat(check.check(login(DemoDatabase.WRITER_ROLE), Purpose.WRITE)).isEmpty();
    }

    @Test
    void check_whenWriterIsUsedForReads_flagsItsWritePrivileges() throws Exception {
        assertThat(grants(check.check(login(DemoDatabase.WRITER_ROLE), Purpose.READ)))
                .contains("INSERT on customers", "DELETE on orders", "USAGE on sequence orders_id_seq");
    }

    @Test
    void check_whenRoleIsOverPrivileged_flagsEveryBroaderGrant() throws Exception {
        List<Finding> findings = check.check(login("careless"), Purpose.READ);

        assertThat(grants(findings)).contains("CREATEDB", "member of pg_signal_backend",
                "SELECT WITH GRANT OPTION on customers", "TRUNCATE WITH GRANT OPTION on customers",
                "USAGE on sequence orders_id_seq", "CREATE on schema public", "owns table careless_owned");
        assertThat(grants(findings)).anyMatch(g -> g.startsWith("EXECUTE on pg_terminate_backend"));
        assertThat(findings).allSatisfy(f -> {
            assertThat(f.login()).isEqualTo("careless");
            assertThat(f.why()).isNotBlank();
        });
    }

    @Test
    void check_whenPasswordIsWrong_failsWithoutNamingIt() {
        assertThatThrownBy(() -> check.check(new DatabaseLogin(DemoDatabase.READER_ROLE,
                Secret.of("canary-wrong")), Purpose.READ)).isInstanceOf(SQLException.class)
                .hasMessageNotContaining("canary-wrong");
    }
}
