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
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The local credential broker: database logins in {@code secrets.json} under the data folder,
 * readable only by its owner. The demo target's passwords are generated on first start; agents
 * never see them.
 *
 * <p>Each target has the login that may change rows ({@code targets.<name>.username} and
 * {@code .password}) and, under {@code targets.<name>.read}, a login that may only read, handed
 * out for reads. A target without a {@code read} login uses its one login for both; a demo
 * target written by an older Airlock gets its reading login added on start.
 */
final class LocalSecrets implements CredentialBroker {
    static final String FILE = "secrets.json";
    static final String DEMO = "demo";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A target's logins: {@code read} may be the same login as {@code write}. */
    record TargetLogins(DatabaseLogin write, DatabaseLogin read) {
    }

    private final Map<String, TargetLogins> logins;

    private LocalSecrets(Map<String, TargetLogins> logins) {
        this.logins = Map.copyOf(logins);
    }

    static LocalSecrets loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dataDir);
                ObjectNode root = JSON.createObjectNode();
                ObjectNode demo = root.putObject("targets").putObject(DEMO);
                demo.put("username", DemoDatabase.WRITER_ROLE);
                demo.put("password", randomPassword());
                addDemoReader(demo);
                write(dataDir, file, root);
            }
            JsonNode root = JSON.readTree(file.toFile());
            JsonNode demo = root.path("targets").path(DEMO);
            if (demo instanceof ObjectNode old && !demo.has("read")) {
                // secrets.json from before reads had their own login: the demo database gets its reader now.
                addDemoReader(old);
                write(dataDir, file, root);
            }
            Map<String, TargetLogins> logins = new TreeMap<>();
            for (Map.Entry<String, JsonNode> e : root.path("targets").properties()) {
                String name = e.getKey();
                DatabaseLogin write = login(e.getValue(), "targets." + name);
                DatabaseLogin read = e.getValue().has("read") ? login(e.getValue().get("read"), "targets." + name + ".read")
                        : write;
                logins.put(name, new TargetLogins(write, read));
            }
            return new LocalSecrets(logins);
        } catch (IOException e) {
            throw new LocalStartupException("Cannot read " + file + " (" + e.getClass().getSimpleName()
                    + "). Delete it to have the demo secrets generated again.", e);
        }
    }

    private static DatabaseLogin login(JsonNode node, String path) {
        String username = node.path("username").asText("");
        String password = node.path("password").asText("");
        if (username.isBlank() || password.isEmpty()) {
            throw new LocalStartupException(FILE + " has no " + (username.isBlank() ? path + ".username"
                    : path + ".password") + ": set it, or delete " + FILE + " to have the demo secrets generated again.");
        }
        return new DatabaseLogin(username, Secret.of(password));
    }

    private static void addDemoReader(ObjectNode demo) {
        ObjectNode read = demo.putObject("read");
        read.put("username", DemoDatabase.READER_ROLE);
        read.put("password", randomPassword());
    }

    private static void write(Path dataDir, Path file, JsonNode root) throws IOException {
        Path temp = Files.createTempFile(dataDir, "secrets", ".tmp");
        OwnerOnlyFiles.restrictToOwner(temp);
        Files.writeString(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private TargetLogins demo() {
        TargetLogins demo = logins.get(DEMO);
        if (demo == null) {
            throw new LocalStartupException(FILE + " has no login for the demo target. Delete it to have it "
                    + "generated again.");
        }
        return demo;
    }

    /** The demo writer's password, which the embedded database is prepared with. */
    Secret demoPassword() {
        return demo().write().password();
    }

    /** The demo reader's password. */
    Secret demoReadPassword() {
        return demo().read().password();
    }

    /** A target's logins, for {@code ./airlock target check}. */
    Optional<TargetLogins> loginsFor(String target) {
        return Optional.ofNullable(logins.get(target));
    }

    @Override
    public TargetCredentials credentialsFor(String target, AgentIdentity agent, String requestId)
            throws TargetUnavailableException {
        return credentialsFor(target, agent, requestId, Access.WRITE);
    }

    @Override
    public TargetCredentials credentialsFor(String target, AgentIdentity agent, String requestId, Access access)
            throws TargetUnavailableException {
        TargetLogins found = logins.get(target);
        if (found == null) {
            throw new TargetUnavailableException("Target '" + target + "' has no login in the local " + FILE + ".",
                    null);
        }
        return access == Access.READ ? found.read() : found.write();
    }
}
