package dev.airlock.credentials.aws;

import dev.airlock.aws.support.AwsClients;

import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.DatabaseLogin;
import dev.airlock.core.port.CredentialBroker;
import dev.airlock.core.port.TargetUnavailableException;
import dev.airlock.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;




import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against moto_server's Secrets Manager. */
class SecretsManagerCredentialBrokerTest {
    private static final String CANARY = "canary-db-password-7f3a";
    private static final AgentIdentity AGENT = new AgentIdentity("ops-bot", "jti", Instant.now(),
            Instant.now().plusSeconds(60));
    private static MotoServer moto;
    private static SecretsManagerClient secrets;

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
        secrets = AwsClients.emulator(SecretsManagerClient.builder(), moto.endpoint());
        secrets.createSecret(b -> b.name("demo-db").secretString(
                "{\"username\":\"airlock_gateway\",\"password\":\"" + CANARY + "\"}"));
        secrets.createSecret(b -> b.name("broken").secretString("password=" + CANARY));
        secrets.createSecret(b -> b.name("demo-db-read").secretString(
                "{\"username\":\"airlock_reader\",\"password\":\"" + CANARY + "-read\"}"));
    }

    @AfterAll
    static void stop() {
        secrets.close();
        moto.close();
    }

    private static SecretsManagerCredentialBroker broker() {
        return new SecretsManagerCredentialBroker(secrets,
                Map.of("demo", "demo-db", "broken", "broken", "gone", "no-such-secret"),
                Duration.ofMinutes(5), Clock.systemUTC());
    }

    @Test
    void credentialsFor_whenReadingAndTargetHasAReadingLogin_givesTheReadingLogin() throws Exception {
        SecretsManagerCredentialBroker broker = new SecretsManagerCredentialBroker(secrets, Map.of("demo", "demo-db"),
                Map.of("demo", "demo-db-read"), Duration.ofMinutes(5), Clock.systemUTC());

        DatabaseLogin read = (DatabaseLogin) broker.credentialsFor("demo", AGENT, "r-1", CredentialBroker.Access.READ);
        DatabaseLogin write = (DatabaseLogin) broker.credentialsFor("demo", AGENT, "r-2", CredentialBroker.Access.WRITE);

        assertThat(read.username()).isEqualTo("airlock_reader");
        assertThat(write.username()).isEqualTo("airlock_gateway");
    }

    @Test
    void credentialsFor_whenReadingAndTargetHasOneLogin_givesThatLogin() throws Exception {
        DatabaseLogin read = (DatabaseLogin) broker().credentialsFor("demo", AGENT, "r-1", CredentialBroker.Access.READ);

        assertThat(read.username()).isEqualTo("airlock_gateway");
    }

    @Test
    void credentialsFor_whenSecretIsRdsFormat_givesLoginThatNeverPrintsPassword() throws Exception {
        DatabaseLogin login = (DatabaseLogin) broker().credentialsFor("demo", AGENT, "r-1");

        assertThat(login.username()).isEqualTo("airlock_gateway");
        assertThat(login.password().reveal()).isEqualTo(CANARY);
        assertThat(login.toString()).doesNotContain(CANARY);
    }

    @Test
    void credentialsFor_whenSecretMalformed_failsWithoutEchoingIt() {
        assertThatThrownBy(() -> broker().credentialsFor("broken", AGENT, "r-2"))
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessageContaining("username and password").hasMessageNotContaining(CANARY)
                .hasNoCause();
    }

    @Test
    void credentialsFor_whenSecretMissing_saysTargetCredentialsUnavailable() {
        assertThatThrownBy(() -> broker().credentialsFor("gone", AGENT, "r-3"))
                .isInstanceOf(TargetUnavailableException.class).hasMessageContaining("cannot be fetched");
    }

    @Test
    void credentialsFor_whenTargetHasNoSecret_refuses() {
        assertThatThrownBy(() -> broker().credentialsFor("other", AGENT, "r-4"))
                .hasMessageContaining("no credentials configured");
    }
}
