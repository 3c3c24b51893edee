package dev.airlock.identity.aws;

import dev.airlock.aws.support.AwsClients;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.port.TokenRejectedException;
import dev.airlock.identity.GatewayTokenIssuer;
import dev.airlock.identity.JwtTokenVerifier;
import dev.airlock.identity.TokenSettings;
import dev.airlock.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;




import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Gateway tokens signed inside moto_server's KMS verify against the published public keys. */
class KmsTokenSignerTest {
    private static final TokenSettings SETTINGS = new TokenSettings("https://airlock.example", "airlock",
            Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofSeconds(30));
    private static MotoServer moto;
    private static KmsClient kms;

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
        kms = AwsClients.emulator(KmsClient.builder(), moto.endpoint());
    }

    @AfterAll
    static void stop() {
        kms.close();
        moto.close();
    }

    private static String key(KeySpec spec) {
        return kms.createKey(b -> b.keySpec(spec).keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata().keyId();
    }

    private static GatewayTokenIssuer issuer(KmsTokenSigner signer) {
        return new GatewayTokenIssuer(signer, signer.keyId(), SETTINGS, Clock.systemUTC());
    }

    @Test
    void issue_whenSignedByKms_verifiesWithThePublishedKeyAndNamesTheAgent() throws Exception {
        KmsTokenSigner signer = KmsTokenSigner.forKey(kms, key(KeySpec.ECC_NIST_P256));

        String token = issuer(signer).issue("ops-bot", null).token();

        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(signer.keyId()).isEqualTo(signer.publicKey().computeThumbprint().toString());
        assertThat(signer.publicKey().isPrivate()).isFalse();
        AgentIdentity agent = new JwtTokenVerifier(new JWKSet(signer.publicKey()), SETTINGS, Clock.systemUTC())
                .verify(token);
        assertThat(agent.agentId()).isEqualTo("ops-bot");
    }

    @Test
    void verify_afterRotation_acceptsTokensOfThePreviousKeyAndRefusesAnUnpublishedOne() throws Exception {
        KmsTokenSigner previous = KmsTokenSigner.forKey(kms, key(KeySpec.ECC_NIST_P256));
        KmsTokenSigner current = KmsTokenSigner.forKey(kms, key(KeySpec.ECC_NIST_P256));
        KmsTokenSigner unpublished = KmsTokenSigner.forKey(kms, key(KeySpec.ECC_NIST_P256));
        JwtTokenVerifier verifier = new JwtTokenVerifier(new JWKSet(List.of(current.publicKey(), previous.publicKey())),
                SETTINGS, Clock.systemUTC());

        assertThat(verifier.verify(issuer(previous).issue("ops-bot", null).token()).agentId()).isEqualTo("ops-bot");
        assertThat(verifier.verify(issuer(current).issue("ci-bot", null).token()).agentId()).isEqualTo("ci-bot");
        assertThatThrownBy(() -> verifier.verify(issuer(unpublished).issue("ops-bot", null).token()))
                .isInstanceOf(TokenRejectedException.class);
    }

    @Test
    void forKey_whenKeyIsNotP256_failsSayingWhichKeyToUse() {
        String rsa = key(KeySpec.RSA_2048);

        assertThatThrownBy(() -> KmsTokenSigner.forKey(kms, rsa))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(rsa).hasMessageContaining("ECC_NIST_P256");
    }
}
