package dev.airlock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where things are: the Airlock checkout (set by the {@code ./airlock} launcher), its policy
 * folder and built gateway, and what a running local gateway wrote into its data folder.
 */
final class Workspace {
    static final String DEFAULT_DATA_DIR = ".airlock";
    static final String DEFAULT_URL = "http://127.0.0.1:8080";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Workspace() {
    }

    static Path home() {
        return Path.of(System.getProperty("airlock.home", ".")).toAbsolutePath().normalize();
    }

    static Path defaultPolicies() {
        return home().resolve("policies");
    }

    static Path localGatewayJar() {
        return home().resolve("local/target/quarkus-app/quarkus-run.jar");
    }

    /** The URL a local gateway using {@code dataDir} announced, if one is running. */
    static Optional<String> runningGatewayUrl(Path dataDir) {
        return announced(dataDir, "url");
    }

    /** Where a running local gateway's DynamoDB Local (the audit trail) listens. */
    static Optional<String> runningDynamoDbEndpoint(Path dataDir) {
        return announced(dataDir, "dynamodbEndpoint");
    }

    /** The policy folder a running local gateway enforces. */
    static Optional<String> runningPoliciesDir(Path dataDir) {
        return announced(dataDir, "policiesDir");
    }

    /** The JDBC URL a running local gateway announced for a database target. */
    static Optional<String> runningTargetJdbcUrl(Path dataDir, String target) {
        Path file = dataDir.resolve("gateway.json");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(JSON.readTree(file.toFile()).path("targets").path(target).path("jdbcUrl")
                    .textValue());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> announced(Path dataDir, String field) {
        Path file = dataDir.resolve("gateway.json");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode runtime = JSON.readTree(file.toFile());
            return Optional.ofNullable(runtime.path(field).textValue());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
