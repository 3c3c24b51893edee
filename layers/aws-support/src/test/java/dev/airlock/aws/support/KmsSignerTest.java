package dev.airlock.aws.support;

import dev.airlock.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;




import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

import java.nio.charset.StandardCharsets;
import java.security.Signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against moto_server's KMS: digests signed inside KMS verify with the key's public half. */
class KmsSignerTest {
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

    @Test
    void sign_whenKeyIsP256_givesAJoseSignatureThePublicKeyVerifies() throws Exception {
        KmsSigner signer = new KmsSigner(kms, key(KeySpec.ECC_NIST_P256));
        byte[] input = "eyJhbGciOiJFUzI1NiJ9.eyJoZWFkcyI6e319".getBytes(StandardCharsets.US_ASCII);

        byte[] signature = signer.sign(input);

        assertThat(signature).hasSize(64);
        Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
        verifier.initVerify(signer.publicKey());
        verifier.update(input);
        assertThat(verifier.verify(signature)).isTrue();
        verifier.initVerify(signer.publicKey());
        verifier.update("something else".getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(signature)).isFalse();
    }

    @Test
    void publicKey_whenKeyIsNotP256_saysWhichKeyItNeeds() {
        KmsSigner signer = new KmsSigner(kms, key(KeySpec.RSA_2048));
        assertThatThrownBy(signer::publicKey).hasMessageContaining("RSA_2048")
                .hasMessageContaining("ECC_NIST_P256 keys whose key usage is SIGN_VERIFY");
    }

    @Test
    void derToJose_whenValuesHaveLeadingZerosOrSignBytes_padsToThirtyTwoBytesEach() {
        // r = 0x00FF.. (33 bytes with a sign byte), s = 0x01 (1 byte)
        byte[] r = new byte[33];
        r[1] = (byte) 0xff;
        byte[] der = new byte[2 + 2 + 33 + 2 + 1];
        int i = 0;
        der[i++] = 0x30;
        der[i++] = (byte) (2 + 33 + 2 + 1);
        der[i++] = 0x02;
        der[i++] = 33;
        System.arraycopy(r, 0, der, i, 33);
        i += 33;
        der[i++] = 0x02;
        der[i++] = 1;
        der[i] = 1;

        byte[] jose = KmsSigner.derToJose(der);

        assertThat(jose).hasSize(64);
        assertThat(jose[0]).isEqualTo((byte) 0xff);
        assertThat(jose[63]).isEqualTo((byte) 1);
        assertThat(jose[62]).isZero();
    }
}
