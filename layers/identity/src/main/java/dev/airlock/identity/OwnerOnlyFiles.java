package dev.airlock.identity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Key and secret files under the data folder are readable by their owner only. */
public final class OwnerOnlyFiles {
    private OwnerOnlyFiles() {
    }

    public static void restrictToOwner(Path file) throws IOException {
        restrict(file, "rw-------");
    }

    /** A folder only its owner may list or enter, for files that are credentials (the approval outbox). */
    public static void restrictFolderToOwner(Path folder) throws IOException {
        restrict(folder, "rwx------");
    }

    private static void restrict(Path path, String mode) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
        } catch (UnsupportedOperationException notPosix) {
            // Windows has no POSIX modes; the user profile's ACLs already keep others out.
        }
    }
}
