package dev.airlock.function.notifier;

import com.nimbusds.jose.jwk.JWKSet;
import dev.airlock.aws.support.AwsClients;
import dev.airlock.core.engine.MaskedSummary;
import dev.airlock.core.engine.RequestFacts;
import dev.airlock.core.model.ApprovalRequirement;
import dev.airlock.core.model.PendingRequest;
import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.SqlRequest;
import dev.airlock.core.port.TokenRejectedException;
import dev.airlock.identity.ApprovalLinkTokens;
import dev.airlock.identity.GatewayPublicKeys;
import dev.airlock.identity.InMemoryUsedLinks;
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
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SnapStart hooks, driven as Lambda drives them, against moto_server's KMS: the token key
 * alias is pointed at a new key between the snapshot and the restore, and the gateway, which
 * publishes the new key, checks the links the notifier signs.
 */
class SnapStartRestoreHooksTest {
    private static final Instant NOW = Instant.now();
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

    private static PendingRequest held() {
        return new PendingRequest("req-1", "ops-bot", new SqlRequest("demo",
                "delete from customers where id = ?", List.of(42)).held(), "ab".repeat(32),
                new RequestFacts("sql", "demo", "DELETE", "sql:delete", RiskClass.WRITE,
                        List.of("demo.public.customers"), List.of(), List.of("public.customers")),
                new MaskedSummary("delete from customers where id = ?", List.of("42")), List.of("p"),
                List.of(new ApprovalRequirement("dba", 1, Duration.ofHours(1), Duration.ofMinutes(15))), NOW,
                NOW.plusSeconds(3600));
    }

    /** The gateway after the rotation: it publishes the new key only (the old one was retired). */
    private static ApprovalLinkTokens gateway(String rotatedKeyId) {
        KmsTokenSigner rotated = KmsTokenSigner.forKey(kms, rotatedKeyId);
        return new ApprovalLinkTokens(rotated, rotated.keyId(), new GatewayPublicKeys(new JWKSet(rotated.publicKey())),
                new InMemoryUsedLinks(Clock.systemUTC()), TokenSettings.LOCAL_DEFAULTS, Clock.systemUTC());
    }

    @Test
    void afterRestore_whenTheAliasNowNamesARotatedKey_theGatewayAcceptsTheLinksItSigns() throws Exception {
        String alias = "alias/airlock-tokens-" + UUID.randomUUID();
        String rotated = newKey();
        kms.createAlias(b -> b.aliasName(alias).targetKeyId(newKey()));
        LinkSigningKey key = new LinkSigningKey(kms, alias);
        // Wired as NotifierAdapters wires it.
        ApprovalLinkTokens links = new ApprovalLinkTokens(key::signingKey, new GatewayPublicKeys(key::published),
                new InMemoryUsedLinks(Clock.systemUTC()), TokenSettings.LOCAL_DEFAULTS, Clock.systemUTC());
        SnapStartRestoreHooks hooks = new SnapStartRestoreHooks();
        hooks.linkKey = key;
        hooks.beforeCheckpoint(null);

        kms.updateAlias(b -> b.aliasName(alias).targetKeyId(rotated));
        // What a restored copy without the hook would send: signed by the new key under the old kid.
        String stale = links.issue(held(), "alice", ApprovalLinkTokens.Action.APPROVE, null).token();
        assertThatThrownBy(() -> gateway(rotated).check(stale, held(), ApprovalLinkTokens.Action.APPROVE))
                .isInstanceOf(TokenRejectedException.class);

        hooks.afterRestore(null);

        String link = links.issue(held(), "alice", ApprovalLinkTokens.Action.APPROVE, null).token();
        assertThat(gateway(rotated).check(link, held(), ApprovalLinkTokens.Action.APPROVE).approverId())
                .isEqualTo("alice");
    }

    @Test
    void afterRestore_whenTheKeyCannotBeRead_failsTheRestoreNamingTheVariable() {
        String alias = "alias/airlock-tokens-" + UUID.randomUUID();
        kms.createAlias(b -> b.aliasName(alias).targetKeyId(newKey()));
        SnapStartRestoreHooks hooks = new SnapStartRestoreHooks();
        hooks.linkKey = new LinkSigningKey(kms, alias);

        kms.deleteAlias(b -> b.aliasName(alias));

        assertThatThrownBy(() -> hooks.afterRestore(null)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("AIRLOCK_TOKEN_KMS_KEY_ID is " + alias);
    }
}
