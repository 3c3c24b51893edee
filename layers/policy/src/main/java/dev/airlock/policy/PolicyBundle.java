package dev.airlock.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The files that make up Airlock's policy: one Cedar schema ({@code *.cedarschema}), the
 * entities ({@code entities.json}: agents, groups, targets, tables) and the policies
 * ({@code *.cedar}). Read as text here; {@link CedarPolicyEngine} parses and validates them.
 */
public final class PolicyBundle {
    public static final String ENTITIES_FILE = "entities.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String origin;
    private final SourceFile schema;
    private final SourceFile entities;
    private final List<SourceFile> policies;

    private PolicyBundle(String origin, SourceFile schema, SourceFile entities, List<SourceFile> policies) {
        this.origin = origin;
        this.schema = schema;
        this.entities = entities;
        this.policies = List.copyOf(policies);
    }

    /** Reads the bundle from a folder such as the repository's {@code policies/}. */
    public static PolicyBundle fromDirectory(Path directory) throws PolicyLoadException {
        if (!Files.isDirectory(directory)) {
            throw new PolicyLoadException("Policy folder " + directory.toAbsolutePath() + " does not exist. "
                    + "Point Airlock at the folder that holds airlock.cedarschema, entities.json and *.cedar files.");
        }
        return read(directory, directory.toAbsolutePath().toString());
    }

    /** Reads the bundle packaged on the class path under {@code root}, as in the Lambda package. */
    public static PolicyBundle fromClasspath(String root) throws PolicyLoadException {
        URL marker = PolicyBundle.class.getClassLoader().getResource(root + "/" + ENTITIES_FILE);
        if (marker == null) {
            throw new PolicyLoadException("No policy bundle on the class path at " + root + "/: package the "
                    + "policies/ folder into the function (the gateway build copies it).");
        }
        try {
            URI uri = marker.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    return read(jar.getPath(root), "classpath:" + root);
                }
            }
            return read(Path.of(uri).getParent(), "classpath:" + root);
        } catch (URISyntaxException | IOException | RuntimeException e) {
            throw new PolicyLoadException("Cannot read the policy bundle at classpath:" + root + ": " + e, e);
        }
    }

    private static PolicyBundle read(Path directory, String origin) throws PolicyLoadException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new PolicyLoadException("Cannot list policy folder " + origin + ": " + e.getMessage(), e);
        }
        SourceFile schema = null;
        SourceFile entities = null;
        List<SourceFile> policies = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.endsWith(".cedarschema")) {
                if (schema != null) {
                    throw new PolicyLoadException("Policy folder " + origin + " holds two schemas, " + schema.name()
                            + " and " + name + ": keep exactly one *.cedarschema file.");
                }
                schema = readFile(file, name);
            } else if (name.equals(ENTITIES_FILE)) {
                entities = readFile(file, name);
            } else if (name.endsWith(".cedar")) {
                policies.add(readFile(file, name));
            }
        }
        if (schema == null) {
            throw new PolicyLoadException("Policy folder " + origin + " has no *.cedarschema file: add the "
                    + "Airlock schema (see policies/airlock.cedarschema in the repository).");
        }
        if (entities == null) {
            throw new PolicyLoadException("Policy folder " + origin + " has no " + ENTITIES_FILE
                    + ": add one listing your agents, targets and tables.");
        }
        if (policies.isEmpty()) {
            throw new PolicyLoadException("Policy folder " + origin + " has no *.cedar policy files: without "
                    + "policies Airlock denies everything. Add at least one permit.");
        }
        return new PolicyBundle(origin, schema, entities, policies);
    }

    private static SourceFile readFile(Path file, String name) throws PolicyLoadException {
        try (InputStream in = Files.newInputStream(file)) {
            return new SourceFile(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PolicyLoadException("Cannot read policy file " + name + ": " + e.getMessage(), e);
        }
    }

    public String origin() {
        return origin;
    }

    public SourceFile schema() {
        return schema;
    }

    public SourceFile entities() {
        return entities;
    }

    public List<SourceFile> policies() {
        return policies;
    }

    /** The ids of the agents declared in {@code entities.json}, sorted. */
    public List<String> agentIds() throws PolicyLoadException {
        try {
            JsonNode root = JSON.readTree(entities.text());
            List<String> agents = new ArrayList<>();
            if (!root.isArray()) {
                throw new PolicyLoadException(entities.name() + " must be a JSON array of Cedar entities.");
            }
            for (JsonNode entity : root) {
                JsonNode uid = entity.path("uid");
                if ("Agent".equals(uid.path("type").asText())) {
                    agents.add(uid.path("id").asText());
                }
            }
            return agents.stream().sorted().toList();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new PolicyLoadException(entities.name() + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
