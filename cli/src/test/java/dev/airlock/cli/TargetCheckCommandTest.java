package dev.airlock.cli;

import dev.airlock.embedded.DemoDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class TargetCheckCommandTest {
    private static final String PASSWORD = "target-check-password";
    private static DemoDatabase db;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void start() throws Exception {
        db = DemoDatabase.start(null, PASSWORD);
        try (Connection admin = db.adminConnection(); Statement sql = admin.createStatement()) {
            sql.execute("create role too_broad login superuser password '" + PASSWORD + "'");
        }
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    private void secrets(String writer, String reader) throws Exception {
        Files.writeString(dataDir.resolve("secrets.json"), """
                {"targets": {"demo": {"username": "%s", "password": "%s",
                                      "read": {"username": "%s", "password": "%s"}}}}"""
                .formatted(writer, PASSWORD, reader, PASSWORD));
    }

    @Test
    void targetCheck_whenDemoRoles_saysNothingIsTooBroadAndExits0() throws Exception {
        secrets(DemoDatabase.WRITER_ROLE, DemoDatabase.READER_ROLE);

        CliRun run = CliRun.airlock("target", "check", "demo", "--data-dir", dataDir.toString(),
                "--jdbc-url", db.jdbcUrl());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("no login holds a grant broader than Airlock needs");
    }

    @Test
    void targetCheck_whenReaderIsOverPrivileged_tablesTheGrantsAndExits1() throws Exception {
        secrets(DemoDatabase.WRITER_ROLE, "too_broad");

        CliRun run = CliRun.airlock("target", "check", "demo", "--data-dir", dataDir.toString(),
                "--jdbc-url", db.jdbcUrl());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("login", "grant", "too_broad", "SUPERUSER", "reads")
                .doesNotContain(PASSWORD);
    }

    @Test
    void targetCheck_whenNoGatewayAndNoUrl_saysHowToName() throws Exception {
        secrets(DemoDatabase.WRITER_ROLE, DemoDatabase.READER_ROLE);

        CliRun run = CliRun.airlock("target", "check", "demo", "--data-dir", dataDir.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("--jdbc-url");
    }
}
