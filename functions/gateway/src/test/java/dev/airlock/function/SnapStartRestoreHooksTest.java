package dev.airlock.function;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.airlock.aws.support.AwsClients;
import dev.airlock.core.port.TokenRejectedException;
import dev.airlock.identity.GatewayPublicKeys;
import dev.airlock.identity.GatewayTokenIssuer;
import dev.airlock.identity.JwtTokenVerifier;
import dev.airlock.identity.TokenSettings;
import dev.airlock.identity.aws.KmsTokenSigner;
import dev.airlock.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SnapStart hooks, driven as Lambda drives them, against moto_server's KMS: the token key
 * alias is pointed at a new key between the snapshot and the restore, as an operator's rotation
 * would while the snapshot waits.
 */
class SnapStartRestoreHooksTest {
    private static final TokenSettings SETTINGS = new TokenSettings("https://airlock.example", "airlock-gateway",
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

    private static String newKey() {
        return kms.createKey(b -> b.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata()
                .keyId();
    }

    private static SnapStartRestoreHooks hooks(KmsTokenKeys keys) {
        SnapStartRestoreHooks hooks = new SnapStartRestoreHooks();
        hooks.tokenKeys = keys;
        hooks.adapters = new LambdaAdapters();
        return hooks;
    }

    @Test
    void afterRestore_whenTheAliasNowNamesARotatedKey_tokensItSignsAreAcceptedAndPublished() throws Exception {
        String alias = "alias/airlock-tokens-" + UUID.randomUUID();
        String before = newKey();
        String rotated = newKey();
        kms.createAlias(b -> b.aliasName(alias).targetKeyId(before));
        KmsTokenKeys keys = new KmsTokenKeys(() -> kms, Optional.of(alias), Optional.empty(), new JWKSet());
        GatewayTokenIssuer issuer = new GatewayTokenIssuer(() -> keys.signingKey().orElseThrow(), SETTINGS,
                Clock.systemUTC());
        JwtTokenVerifier verifier = new JwtTokenVerifier(new GatewayPublicKeys(keys::published), SETTINGS,
                Clock.systemUTC());
        SnapStartRestoreHooks hooks = hooks(keys);
        hooks.beforeCheckpoint(null);

        kms.updateAlias(b -> b.aliasName(alias).targetKeyId(rotated));
        // What a restored copy without the hook would do: sign with the new key under the old kid.
        String stale = issuer.issue("ops-bot", null).token();
        assertThatThrownBy(() -> verifier.verify(stale)).isInstanceOf(TokenRejectedException.class);

        hooks.afterRestore(null);

        String token = issuer.issue("ops-bot", null).token();
        String rotatedKid = KmsTokenSigner.publicJwk(kms, rotated).getKeyID();
        assertThat(SignedJWT.parse(token).getHeader().getKeyID()).isEqualTo(rotatedKid);
        assertThat(verifier.verify(token).agentId()).isEqualTo("ops-bot");
        assertThat(keys.published().getKeyByKeyId(rotatedKid)).isNotNull();
    }

    @Test
    void afterRestore_whenThePreviousKeyIsGiven_stillAcceptsTokensTheOldKeySigned() throws Exception {
        String alias = "alias/airlock-tokens-" + UUID.randomUUID();
        String before = newKey();
        String rotated = newKey();
        kms.createAlias(b -> b.aliasName(alias).targetKeyId(before));
        KmsTokenKeys keys = new KmsTokenKeys(() -> kms, Optional.of(alias), Optional.of(before), new JWKSet());
        GatewayTokenIssuer issuer = new GatewayTokenIssuer(() -> keys.signingKey().orElseThrow(), SETTINGS,
                Clock.systemUTC());
        JwtTokenVerifier verifier = new JwtTokenVerifier(new GatewayPublicKeys(keys::published), SETTINGS,
                Clock.systemUTC());
        String signedBeforeTheSnapshot = issuer.issue("reporting-bot", null).token();

        kms.updateAlias(b -> b.aliasName(alias).targetKeyId(rotated));
        hooks(keys).afterRestore(null);

        assertThat(verifier.verify(signedBeforeTheSnapshot).agentId()).isEqualTo("reporting-bot");
        assertThat(verifier.verify(issuer.issue("reporting-bot", null).token()).agentId()).isEqualTo("reporting-bot");
    }

    @Test
    void afterRestore_whenTheKeyCannotBeRead_failsTheRestoreNamingTheVariable() {
        String alias = "alias/airlock-tokens-" + UUID.randomUUID();
        kms.createAlias(b -> b.aliasName(alias).targetKeyId(newKey()));
        KmsTokenKeys keys = new KmsTokenKeys(() -> kms, Optional.of(alias), Optional.empty(), new JWKSet());

        kms.deleteAlias(b -> b.aliasName(alias));

        assertThatThrownBy(() -> hooks(keys).afterRestore(null)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("AIRLOCK_TOKEN_KMS_KEY_ID: ");
    }
}
