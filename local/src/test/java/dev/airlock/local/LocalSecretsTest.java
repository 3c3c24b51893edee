package dev.airlock.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.DatabaseLogin;
import dev.airlock.core.port.CredentialBroker.Access;
import dev.airlock.embedded.DemoDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalSecretsTest {
    private static final AgentIdentity AGENT = new AgentIdentity("reporting-bot", "t-1", Instant.EPOCH,
            Instant.EPOCH.plusSeconds(60));

    @TempDir
    Path dir;

    @Test
    void credentialsFor_whenRead_handsOutTheReaderAndForWritesTheWriter() throws Exception {
        LocalSecrets secrets = LocalSecrets.loadOrCreate(dir);

        DatabaseLogin read = (DatabaseLogin) secrets.credentialsFor("demo", AGENT, "r-1", Access.READ);
        DatabaseLogin write = (DatabaseLogin) secrets.credentialsFor("demo", AGENT, "r-1", Access.WRITE);

        assertThat(read.username()).isEqualTo(DemoDatabase.READER_ROLE);
        assertThat(write.username()).isEqualTo(DemoDatabase.WRITER_ROLE);
        assertThat(read.password().reveal()).isNotEqualTo(write.password().reveal());
    }

    @Test
    void loadOrCreate_whenSecretsPredateTheReader_addsItAndKeepsTheWriter() throws Exception {
        Files.writeString(dir.resolve(LocalSecrets.FILE), """
                {"targets": {"demo": {"username": "airlock_gateway", "password": "old-password"},
                             "other": {"username": "app", "password": "app-password"}}}""");

        LocalSecrets secrets = LocalSecrets.loadOrCreate(dir);

        assertThat(secrets.demoPassword().reveal()).isEqualTo("old-password");
        assertThat(((DatabaseLogin) secrets.credentialsFor("demo", AGENT, "r", Access.READ)).username())
                .isEqualTo(DemoDatabase.READER_ROLE);
        assertThat(new ObjectMapper().readTree(dir.resolve(LocalSecrets.FILE).toFile())
                .path("targets").path("demo").path("read").path("password").asText()).isNotEmpty();
        // A target with one login keeps working with it for both.
        assertThat(((DatabaseLogin) secrets.credentialsFor("other", AGENT, "r", Access.READ)).username())
                .isEqualTo("app");
    }

    @Test
    void loadOrCreate_whenReadLoginLacksItsPassword_namesTheSettingToFix() throws Exception {
        Files.writeString(dir.resolve(LocalSecrets.FILE), """
                {"targets": {"demo": {"username": "w", "password": "p", "read": {"username": "r"}}}}""");

        assertThatThrownBy(() -> LocalSecrets.loadOrCreate(dir)).isInstanceOf(LocalStartupException.class)
                .hasMessageContaining("targets.demo.read.password");
    }
}
