package dev.airlock.identity;

import com.nimbusds.jose.jwk.ECKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SigningKeyFileTest {
    @TempDir
    Path dataDir;

    @Test
    void loadOrCreate_whenNoKey_createsOneOnlyTheOwnerCanRead() throws Exception {
        ECKey key = SigningKeyFile.loadOrCreate(dataDir);

        Path file = SigningKeyFile.in(dataDir);
        assertThat(key.isPrivate()).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(SigningKeyFile.loadOrCreate(dataDir).getKeyID()).isEqualTo(key.getKeyID());
    }

    @Test
    void loadOrCreate_whenManyRaceToCreate_allGetTheSameKey() {
        Set<String> keyIds = ConcurrentHashMap.newKeySet();

        IntStream.range(0, 8).parallel().forEach(i -> keyIds.add(SigningKeyFile.loadOrCreate(dataDir).getKeyID()));

        assertThat(keyIds).hasSize(1);
    }

    @Test
    void load_whenNoKey_saysHowToGetOne() {
        assertThatThrownBy(() -> SigningKeyFile.load(dataDir)).hasMessageContaining("./airlock local");
    }

    @Test
    void load_whenFileIsCorrupt_saysToDeleteIt() throws Exception {
        Files.createDirectories(SigningKeyFile.in(dataDir).getParent());
        Files.writeString(SigningKeyFile.in(dataDir), "{not json");

        assertThatThrownBy(() -> SigningKeyFile.load(dataDir)).hasMessageContaining("Delete it");
    }

    @Test
    void rotate_whenKeyExists_keepsTheOldOneAsPreviousAndPublishesBoth() throws Exception {
        ECKey old = SigningKeyFile.loadOrCreate(dataDir);
        String oldToken = new GatewayTokenIssuer(old, TokenSettings.LOCAL_DEFAULTS, java.time.Clock.systemUTC())
                .issue("ops-bot", null).token();

        ECKey rotated = SigningKeyFile.rotate(dataDir);

        assertThat(rotated.getKeyID()).isNotEqualTo(old.getKeyID());
        assertThat(SigningKeyFile.loadOrCreate(dataDir).getKeyID()).isEqualTo(rotated.getKeyID());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(SigningKeyFile.previousIn(dataDir))))
                .isEqualTo("rw-------");
        var published = SigningKeyFile.publicKeys(dataDir);
        assertThat(published.getKeys()).extracting(k -> k.getKeyID())
                .containsExactly(rotated.getKeyID(), old.getKeyID());
        assertThat(published.getKeys()).noneMatch(k -> k.isPrivate());
        var verifier = new JwtTokenVerifier(published, TokenSettings.LOCAL_DEFAULTS, java.time.Clock.systemUTC());
        assertThat(verifier.verify(oldToken).agentId()).isEqualTo("ops-bot");
    }

    @Test
    void rotate_twice_dropsTheKeyBeforeThePrevious() {
        ECKey first = SigningKeyFile.loadOrCreate(dataDir);
        SigningKeyFile.rotate(dataDir);
        SigningKeyFile.rotate(dataDir);

        assertThat(SigningKeyFile.publicKeys(dataDir).getKeyByKeyId(first.getKeyID())).isNull();
        assertThat(SigningKeyFile.publicKeys(dataDir).getKeys()).hasSize(2);
    }

    @Test
    void rotate_whenNoKey_saysHowToMakeOne() {
        assertThatThrownBy(() -> SigningKeyFile.rotate(dataDir)).hasMessageContaining("No signing key");
    }
}
