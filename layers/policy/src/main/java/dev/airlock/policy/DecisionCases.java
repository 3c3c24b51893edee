package dev.airlock.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads the decision cases in {@code policies/tests/}. Each file holds {@code defaults} (target,
 * time, source IP) and {@code cases}; a malformed case stops reading with the file, the case
 * and what to fix. docs/policies.md shows the format.
 */
public final class DecisionCases {
    public static final String FOLDER = "tests";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> DECISIONS = Set.of("allow", "deny", "approval");
    private static final Set<String> CASE_FIELDS = Set.of("name", "agent", "target", "sql", "aws", "dialect", "time",
            "sourceIp", "expect");
    private static final Set<String> EXPECT_FIELDS = Set.of("decision", "policies", "mask", "maxRows", "approval",
            "kind", "risk", "reasonContains");

    private DecisionCases() {
    }

    /** Every case in {@code <policies>/tests/*.json}, files in name order. */
    public static List<DecisionCase> load(Path policiesDir) throws PolicyLoadException {
        Path folder = policiesDir.resolve(FOLDER);
        if (!Files.isDirectory(folder)) {
            throw new PolicyLoadException("No decision cases: " + folder + " does not exist. Add JSON files of "
                    + "cases there (see docs/policies.md).");
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new PolicyLoadException("Cannot list " + folder + ": " + e.getMessage(), e);
        }
        List<DecisionCase> cases = new ArrayList<>();
        for (Path file : files) {
            cases.addAll(read(file));
        }
        if (cases.isEmpty()) {
            throw new PolicyLoadException(folder + " holds no decision cases.");
        }
        return cases;
    }

    private static List<DecisionCase> read(Path path) throws PolicyLoadException {
        String file = FOLDER + "/" + path.getFileName();
        JsonNode root;
        try {
            root = JSON.readTree(path.toFile());
        } catch (IOException e) {
            throw new PolicyLoadException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        JsonNode defaults = root.path("defaults");
        JsonNode list = root.path("cases");
        if (!list.isArray() || list.isEmpty()) {
            throw new PolicyLoadException(file + ": needs a non-empty \"cases\" array.");
        }
        List<DecisionCase> cases = new ArrayList<>();
        int index = 0;
        for (JsonNode node : list) {
            index++;
            String where = file + " case " + index;
            try {
                cases.add(parse(file, node, defaults));
            } catch (IllegalArgumentException e) {
                throw new PolicyLoadException(where + (node.has("name") ? " (" + node.path("name").asText() + ")" : "")
                        + ": " + e.getMessage());
            }
        }
        return cases;
    }

    private static DecisionCase parse(String file, JsonNode node, JsonNode defaults) {
        unknownFields(node, CASE_FIELDS, "case");
        String name = required(node, "name");
        String agent = required(node, "agent");
        String target = text(node, "target").or(() -> text(defaults, "target"))
                .orElseThrow(() -> new IllegalArgumentException("needs a \"target\" (or one in \"defaults\")."));
        Optional<String> sql = text(node, "sql");
        Optional<DecisionCase.AwsCall> aws = node.has("aws") ? Optional.of(aws(node.get("aws"))) : Optional.empty();
        if (sql.isPresent() == aws.isPresent()) {
            throw new IllegalArgumentException("needs exactly one of \"sql\" and \"aws\".");
        }
        String dialect = text(node, "dialect").or(() -> text(defaults, "dialect")).orElse("postgresql");
        Instant time = text(node, "time").or(() -> text(defaults, "time")).map(DecisionCases::instant)
                .orElse(Instant.parse("2026-01-05T10:00:00Z"));
        Optional<String> sourceIp = text(node, "sourceIp").or(() -> text(defaults, "sourceIp"));
        if (!node.has("expect")) {
            throw new IllegalArgumentException("needs an \"expect\" object with at least a \"decision\".");
        }
        return new DecisionCase(file, name, agent, target, sql, aws, dialect, time, sourceIp, expectation(node.get("expect")));
    }

    private static final Set<String> AWS_FIELDS = Set.of("service", "operation", "region", "risk", "readOnly",
            "resources", "keyPrefix", "commandClass", "statementKind");
    private static final Set<String> RISKS = Set.of("read", "write", "destructive", "privilege");

    /**
     * A resource is its ARN, read when the call only reads and written otherwise, or
     * {@code {"arn": ..., "access": "read"}} for a call that does both (CopyObject's source).
     */
    private static DecisionCase.AwsCall aws(JsonNode node) {
        unknownFields(node, AWS_FIELDS, "aws");
        String service = required(node, "service");
        String operation = required(node, "operation");
        String region = text(node, "region").orElse("us-east-1");
        boolean readOnly = node.path("readOnly").asBoolean(false);
        String risk = text(node, "risk").orElse(readOnly ? "read" : "write");
        if (!RISKS.contains(risk)) {
            throw new IllegalArgumentException("aws.risk must be read, write, destructive or privilege, not '"
                    + risk + "'.");
        }
        List<AwsAuthorizationQuery.Resource> resources = new ArrayList<>();
        for (JsonNode r : node.path("resources")) {
            String access = r.isObject() ? text(r, "access").orElse(readOnly ? "read" : "write")
                    : readOnly ? "read" : "write";
            String arn = r.isObject() ? required(r, "arn") : r.asText();
            resources.add(new AwsAuthorizationQuery.Resource(arn, access));
        }
        Map<String, String> facts = new LinkedHashMap<>();
        for (String fact : AwsAuthorizationQuery.OPTIONAL_FACTS) {
            text(node, fact).ifPresent(value -> facts.put(fact, value));
        }
        return new DecisionCase.AwsCall(service, operation, region, risk, readOnly, resources, facts);
    }

    private static DecisionCase.Expectation expectation(JsonNode node) {
        unknownFields(node, EXPECT_FIELDS, "expect");
        String decision = required(node, "decision");
        if (!DECISIONS.contains(decision)) {
            throw new IllegalArgumentException("expect.decision must be allow, deny or approval, not '" + decision + "'.");
        }
        JsonNode approval = node.path("approval");
        return new DecisionCase.Expectation(decision, strings(node, "policies"), strings(node, "mask"),
                node.has("maxRows") ? OptionalInt.of(node.get("maxRows").asInt()) : OptionalInt.empty(),
                text(approval, "group"),
                approval.has("approvals") ? OptionalInt.of(approval.get("approvals").asInt()) : OptionalInt.empty(),
                text(node, "kind"), text(node, "risk"), text(node, "reasonContains"));
    }

    private static void unknownFields(JsonNode node, Set<String> allowed, String what) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!allowed.contains(field)) {
                throw new IllegalArgumentException("unknown " + what + " field \"" + field + "\"; allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ".");
            }
        }
    }

    private static String required(JsonNode node, String field) {
        return text(node, field).orElseThrow(() -> new IllegalArgumentException("needs \"" + field + "\"."));
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    private static Optional<List<String>> strings(JsonNode node, String field) {
        if (!node.has(field)) {
            return Optional.empty();
        }
        List<String> values = new ArrayList<>();
        node.get(field).forEach(v -> values.add(v.asText()));
        return Optional.of(values);
    }

    private static Instant instant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("time '" + value + "' is not an ISO instant like 2026-01-05T10:00:00Z.");
        }
    }
}
