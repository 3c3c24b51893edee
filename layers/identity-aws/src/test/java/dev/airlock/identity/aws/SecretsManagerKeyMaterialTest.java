package dev.airlock.identity.aws;

import dev.airlock.aws.support.AwsClients;

import dev.airlock.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;


import software.amazon.awssdk.core.SdkBytes;


import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against moto_server's Secrets Manager. */
class SecretsManagerKeyMaterialTest {
    private static final byte[] KEY = "canary-pseudonym-key-0123456789ab".getBytes();
    private static MotoServer moto;
    private static SecretsManagerClient secrets;

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
        secrets = AwsClients.emulator(SecretsManagerClient.builder(), moto.endpoint());
        secrets.createSecret(b -> b.name("as-base64").secretString(Base64.getEncoder().encodeToString(KEY)));
        secrets.createSecret(b -> b.name("as-binary").secretBinary(SdkBytes.fromByteArray(KEY)));
        secrets.createSecret(b -> b.name("short").secretString(Base64.getEncoder().encodeToString(new byte[8])));
        secrets.createSecret(b -> b.name("not-base64").secretString("canary-not-base64-$$$"));
    }

    @AfterAll
    static void stop() {
        secrets.close();
        moto.close();
    }

    @Test
    void fetch_whenSecretIsBase64String_givesTheBytes() {
        assertThat(SecretsManagerKeyMaterial.fetch(secrets, "as-base64")).isEqualTo(KEY);
    }

    @Test
    void fetch_whenSecretIsBinary_givesTheBytes() {
        assertThat(SecretsManagerKeyMaterial.fetch(secrets, "as-binary")).isEqualTo(KEY);
    }

    @Test
    void fetch_whenKeyIsTooShort_saysHowToMakeOne() {
        assertThatThrownBy(() -> SecretsManagerKeyMaterial.fetch(secrets, "short"))
                .hasMessageContaining("holds 8 bytes").hasMessageContaining("openssl rand -base64 32");
    }

    @Test
    void fetch_whenSecretIsNotBase64_failsWithoutQuotingIt() {
        assertThatThrownBy(() -> SecretsManagerKeyMaterial.fetch(secrets, "not-base64"))
                .hasMessageContaining("is not base64").hasMessageNotContaining("canary");
    }

    @Test
    void fetch_whenSecretIsMissing_namesItAndThePermission() {
        assertThatThrownBy(() -> SecretsManagerKeyMaterial.fetch(secrets, "no-such-key"))
                .hasMessageContaining("'no-such-key'").hasMessageContaining("secretsmanager:GetSecretValue");
    }
}
