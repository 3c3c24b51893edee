package dev.airlock.function.upkeep;

import dev.airlock.aws.support.AwsClients;
import dev.airlock.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SnapStart hooks, driven as Lambda drives them, against moto_server's KMS: the digest key
 * alias is pointed at a new key between the snapshot and the restore.
 */
class SnapStartRestoreHooksTest {
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
        // The name KMS gives the key in GetPublicKey (AWS: its ARN; moto_server: its id), as the signer names it.
        String id = kms.createKey(b -> b.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.SIGN_VERIFY))
                .keyMetadata().keyId();
        return kms.getPublicKey(b -> b.keyId(id)).keyId();
    }

    private static SnapStartRestoreHooks hooks(DigestSigningKey key) {
        SnapStartRestoreHooks hooks = new SnapStartRestoreHooks();
        hooks.digestKey = key;
        return hooks;
    }

    @Test
    void afterRestore_whenTheAliasNowNamesARotatedKey_digestsAreSignedWithAndNameTheNewKey() {
        String alias = "alias/airlock-digests-" + UUID.randomUUID();
        String before = newKey();
        String rotated = newKey();
        kms.createAlias(b -> b.aliasName(alias).targetKeyId(before));
        DigestSigningKey key = new DigestSigningKey(kms, alias);
        AuditUpkeep upkeep = new AuditUpkeep(() -> 0, Optional::empty, () -> key.signer().keyId());
        SnapStartRestoreHooks hooks = hooks(key);
        hooks.beforeCheckpoint(null);
        assertThat(upkeep.run().digestKeyId()).isEqualTo(before);

        kms.updateAlias(b -> b.aliasName(alias).targetKeyId(rotated));
        hooks.afterRestore(null);

        assertThat(upkeep.run().digestKeyId()).isEqualTo(rotated);
        assertThat(key.signer().publicKey().getEncoded())
                .isEqualTo(kms.getPublicKey(b -> b.keyId(rotated)).publicKey().asByteArray());
    }

    @Test
    void afterRestore_whenTheKeyCannotBeRead_failsTheRestoreNamingTheVariable() {
        String alias = "alias/airlock-digests-" + UUID.randomUUID();
        kms.createAlias(b -> b.aliasName(alias).targetKeyId(newKey()));
        DigestSigningKey key = new DigestSigningKey(kms, alias);

        kms.deleteAlias(b -> b.aliasName(alias));

        assertThatThrownBy(() -> hooks(key).afterRestore(null)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("AIRLOCK_AUDIT_DIGEST_KEY_ID is " + alias);
    }
}
