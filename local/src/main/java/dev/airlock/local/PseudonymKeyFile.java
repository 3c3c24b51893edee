package dev.airlock.local;

import dev.airlock.identity.OwnerOnlyFiles;
import dev.airlock.masking.PseudonymKey;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The local gateway's pseudonym key: 32 random bytes, base64, in a file under the data folder
 * that only its owner can read. Created on first start and kept, so a pseudonym means the same
 * value across restarts. The same text works as the Lambda's key secret.
 */
final class PseudonymKeyFile {
    static final String RELATIVE_PATH = "keys/pseudonym.key";

    private PseudonymKeyFile() {
    }

    static PseudonymKey loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(RELATIVE_PATH);
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            byte[] key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
            return PseudonymKey.of(key);
        } catch (IOException e) {
            throw new LocalStartupException("Cannot read or create the pseudonym key at " + file
                    + ": check that the data folder is writable.", e);
        } catch (IllegalArgumentException e) {
            throw new LocalStartupException("The pseudonym key at " + file + " is not " + PseudonymKey.LENGTH
                    + " base64 bytes. Restore it from a backup, or delete it to start new pseudonyms.", null);
        }
    }

    private static void create(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] key = new byte[PseudonymKey.LENGTH];
        new SecureRandom().nextBytes(key);
        Path temp = Files.createTempFile(file.getParent(), "pseudonym", ".tmp");
        try {
            OwnerOnlyFiles.restrictToOwner(temp);
            Files.writeString(temp, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
            // A hard link appears whole and fails if another process made the key first.
            Files.createLink(file, temp);
        } catch (FileAlreadyExistsException raced) {
            // Keep theirs.
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
