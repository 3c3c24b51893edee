package dev.airlock.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The local gateway's signing key: an EC P-256 JWK in a file under the data folder, readable
 * only by its owner, generated on first use. The gateway and the CLI may both reach for it
 * first; the file is created atomically, so they end up with the same key.
 */
public final class SigningKeyFile {
    public static final String RELATIVE_PATH = "keys/gateway-signing-key.jwk.json";
    /** The key rotated out last: still published and trusted, so tokens it signed live out their time. */
    public static final String PREVIOUS_RELATIVE_PATH = "keys/gateway-signing-key.previous.jwk.json";

    private SigningKeyFile() {
    }

    public static Path in(Path dataDir) {
        return dataDir.resolve(RELATIVE_PATH);
    }

    /** Reads the key under {@code dataDir}, creating it first if there is none. */
    public static ECKey loadOrCreate(Path dataDir) {
        Path file = in(dataDir);
        if (Files.exists(file)) {
            return read(file);
        }
        try {
            Files.createDirectories(file.getParent());
            ECKey generated = generate();
            Path temp = Files.createTempFile(file.getParent(), "signing-key", ".tmp");
            OwnerOnlyFiles.restrictToOwner(temp);
            Files.writeString(temp, generated.toJSONString(), StandardCharsets.UTF_8);
            try {
                // A hard link appears whole and fails if the file exists; rename would replace it.
                Files.createLink(file, temp);
            } catch (FileAlreadyExistsException raced) {
                // Another process created the key first: use theirs.
            } finally {
                Files.deleteIfExists(temp);
            }
            return read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the signing key at " + file
                    + ": check that the data folder is writable.", e);
        }
    }

    /** Reads an existing key; fails with a fix-it message if there is none. */
    public static ECKey load(Path dataDir) {
        Path file = in(dataDir);
        if (!Files.exists(file)) {
            throw new IllegalStateException("No signing key at " + file
                    + ". Start the gateway once with ./airlock local, or point --data-dir at its data folder.");
        }
        return read(file);
    }

    public static Path previousIn(Path dataDir) {
        return dataDir.resolve(PREVIOUS_RELATIVE_PATH);
    }

    /**
     * The public halves of the current key and of the previous one, if a rotation left one: what
     * the gateway publishes at {@code /.well-known/jwks.json} and accepts signatures from.
     */
    public static JWKSet publicKeys(Path dataDir) {
        List<JWK> keys = new ArrayList<>();
        keys.add(loadOrCreate(dataDir).toPublicJWK());
        Path previous = previousIn(dataDir);
        if (Files.exists(previous)) {
            keys.add(read(previous).toPublicJWK());
        }
        return new JWKSet(keys);
    }

    /**
     * Makes a new current key and keeps the old one as the previous key; the key before that is
     * dropped. A running gateway follows the files ({@link SigningKeyWatch}).
     *
     * @return the new current key
     */
    public static ECKey rotate(Path dataDir) {
        ECKey current = load(dataDir);
        try {
            replace(previousIn(dataDir), current);
            replace(in(dataDir), generate());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot rotate the signing key in " + in(dataDir).getParent()
                    + ": check that the data folder is writable.", e);
        }
        return load(dataDir);
    }

    private static ECKey generate() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                    .keyIDFromThumbprint(true).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate an EC P-256 key", e);
        }
    }

    private static void replace(Path file, ECKey key) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), "signing-key", ".tmp");
        try {
            OwnerOnlyFiles.restrictToOwner(temp);
            Files.writeString(temp, key.toJSONString(), StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static ECKey read(Path file) {
        try {
            ECKey key = ECKey.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (!key.isPrivate() || !Curve.P_256.equals(key.getCurve())) {
                throw new IllegalStateException("The signing key at " + file
                        + " is not a private EC P-256 key. Delete it to have a new one generated.");
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the signing key at " + file, e);
        } catch (ParseException e) {
            throw new IllegalStateException("The signing key at " + file
                    + " is not a valid JWK. Delete it to have a new one generated.", e);
        }
    }

}
