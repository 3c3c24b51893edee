package dev.airlock.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.DatabaseLogin;
import dev.airlock.core.model.Secret;
import dev.airlock.core.model.TargetCredentials;
import dev.airlock.core.port.CredentialBroker;
import dev.airlock.core.port.TargetUnavailableException;
import dev.airlock.embedded.DemoDatabase;
import dev.airlock.identity.OwnerOnlyFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The local credential broker: database logins in {@code secrets.json} under the data folder,
 * readable only by its owner. The demo target's password is generated on first start; agents
 * never see it.
 */
final class LocalSecrets implements CredentialBroker {
    static final String FILE = "secrets.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, DatabaseLogin> logins;

    private LocalSecrets(Map<String, DatabaseLogin> logins) {
        this.logins = Map.copyOf(logins);
    }

    static LocalSecrets loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dataDir);
                ObjectNode root = JSON.createObjectNode();
                ObjectNode demo = root.putObject("targets").putObject("demo");
                demo.put("username", DemoDatabase.GATEWAY_ROLE);
                demo.put("password", randomPassword());
                Path temp = Files.createTempFile(dataDir, "secrets", ".tmp");
                OwnerOnlyFiles.restrictToOwner(temp);
                Files.writeString(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
                Files.move(temp, file);
            }
            JsonNode targets = JSON.readTree(file.toFile()).path("targets");
            Map<String, DatabaseLogin> logins = new TreeMap<>();
            targets.properties().forEach(e -> logins.put(e.getKey(), new DatabaseLogin(
                    e.getValue().path("username").asText(), Secret.of(e.getValue().path("password").asText()))));
            return new LocalSecrets(logins);
        } catch (IOException e) {
            throw new LocalStartupException("Cannot read " + file + " (" + e.getClass().getSimpleName()
                    + "). Delete it to have the demo secrets generated again.", e);
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }


    Secret demoPassword() {
        DatabaseLogin demo = logins.get("demo");
        if (demo == null) {
            throw new LocalStartupException(FILE + " has no login for the demo target. Delete it to have it "
                    + "generated again.");
        }
        return demo.password();
    }

    @Override
    public TargetCredentials credentialsFor(String target, AgentIdentity agent, String requestId)
            throws TargetUnavailableException {
        DatabaseLogin login = logins.get(target);
        if (login == null) {
            throw new TargetUnavailableException("Target '" + target + "' has no login in the local " + FILE + ".",
                    null);
        }
        return login;
    }
}
