package dev.airlock.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PseudonymKeyFileTest {
    @TempDir
    Path dataDir;

    @Test
    void loadOrCreate_whenNoKeyYet_createsAnOwnerOnlyKeyAndKeepsIt() throws IOException {
        var first = PseudonymKeyFile.loadOrCreate(dataDir);
        var second = PseudonymKeyFile.loadOrCreate(dataDir);

        Path file = dataDir.resolve(PseudonymKeyFile.RELATIVE_PATH);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(second).isEqualTo(first);
        assertThat(first.toString()).doesNotContain(Files.readString(file).strip());
    }

    @Test
    void loadOrCreate_whenKeyIsDamaged_saysHowToRecover() throws IOException {
        Files.createDirectories(dataDir.resolve("keys"));
        Files.writeString(dataDir.resolve(PseudonymKeyFile.RELATIVE_PATH), "c2hvcnQ=\n");

        assertThatThrownBy(() -> PseudonymKeyFile.loadOrCreate(dataDir)).isInstanceOf(LocalStartupException.class)
                .hasMessageContaining("is not 32 base64 bytes").hasMessageContaining("delete it");
    }
}
