package dev.airlock.identity;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The local gateway's signing keys, reread when {@code ./airlock keys rotate} replaces their
 * files, so that a running gateway signs with the new key, and publishes and accepts both, within
 * about a second of a rotation: no restart, and no token signed by either key refused.
 */
public final class SigningKeyWatch {
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);
    private static final System.Logger LOG = System.getLogger(SigningKeyWatch.class.getName());

    private record Loaded(ECKey current, JWKSet published, String currentStamp, String previousStamp) {
    }

    private final Path dataDir;
    private final Clock clock;
    private volatile Loaded loaded;
    private volatile Instant nextCheck;

    private SigningKeyWatch(Path dataDir, Clock clock, Loaded loaded) {
        this.dataDir = dataDir;
        this.clock = clock;
        this.loaded = loaded;
        this.nextCheck = clock.instant().plus(CHECK_INTERVAL);
    }

    /** Creates the key on first start; a malformed key file stops start-up here. */
    public static SigningKeyWatch start(Path dataDir, Clock clock) {
        SigningKeyFile.loadOrCreate(dataDir);
        return new SigningKeyWatch(dataDir, clock, load(dataDir));
    }

    /** The key new tokens are signed with. */
    public ECKey current() {
        return refreshed().current();
    }

    /** Public halves of the current and previous keys: what is published and accepted. */
    public JWKSet publicKeys() {
        return refreshed().published();
    }

    private Loaded refreshed() {
        Instant now = clock.instant();
        if (now.isBefore(nextCheck)) {
            return loaded;
        }
        synchronized (this) {
            if (now.isBefore(nextCheck)) {
                return loaded;
            }
            nextCheck = now.plus(CHECK_INTERVAL);
            Loaded before = loaded;
            try {
                if (!stamp(SigningKeyFile.in(dataDir)).equals(before.currentStamp())
                        || !stamp(SigningKeyFile.previousIn(dataDir)).equals(before.previousStamp())) {
                    loaded = load(dataDir);
                    if (!loaded.current().getKeyID().equals(before.current().getKeyID())) {
                        LOG.log(System.Logger.Level.INFO, "Signing with the rotated key " + loaded.current().getKeyID()
                                + "; tokens signed by the previous key stay valid.");
                    }
                }
            } catch (RuntimeException e) {
                // Mid-rotation or unreadable: keep signing with the keys already loaded.
                LOG.log(System.Logger.Level.WARNING, "Cannot reread the signing keys in " + dataDir.resolve("keys")
                        + ", keeping the loaded ones: " + e.getMessage());
            }
            return loaded;
        }
    }

    private static Loaded load(Path dataDir) {
        String currentStamp = stamp(SigningKeyFile.in(dataDir));
        String previousStamp = stamp(SigningKeyFile.previousIn(dataDir));
        return new Loaded(SigningKeyFile.load(dataDir), SigningKeyFile.publicKeys(dataDir), currentStamp,
                previousStamp);
    }

    /** A rotation moves a new file into place: a new inode, whatever the clock's resolution. */
    private static String stamp(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return attributes.fileKey() + "@" + attributes.lastModifiedTime().toMillis() + "/" + attributes.size();
        } catch (NoSuchFileException e) {
            return "absent";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "SigningKeyWatch[" + dataDir + ", kid=" + Objects.requireNonNull(loaded).current().getKeyID() + "]";
    }
}
