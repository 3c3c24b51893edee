package dev.airlock.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awscdk.assertions.Template;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** A deployment as an operator would configure one, and helpers to walk its template. */
final class TestDeployments {
    static final String TARGET_ROLE = "arn:aws:iam::111122223333:role/airlock-gateway-target";
    static final String RDS_ROLE = "arn:aws:iam::444455556666:role/airlock-gateway-target";
    static final String AWS_TARGETS = """
            {"targets":[{"name":"aws-sandbox","region":"eu-west-1","accountId":"111122223333",
              "roleArn":"%s"}]}""".formatted(TARGET_ROLE);
    static final String RDS_DATA_TARGETS = """
            {"targets":[{"name":"orders","kind":"rds-data",
              "clusterArn":"arn:aws:rds:eu-west-1:444455556666:cluster:orders",
              "secretArn":"arn:aws:secretsmanager:eu-west-1:444455556666:secret:orders-abc123",
              "database":"orders","roleArn":"%s"}]}""".formatted(RDS_ROLE);
    static final String PSEUDONYM_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:airlock/pseudonym-AbCdEf";
    static final String IDENTITY = """
            {"localBootstrap": false, "awsIam": {"serverId": "https://airlock.example.com",
              "rules": [{"arn": "arn:aws:iam::123456789012:role/ci-runner", "agent": "ops-bot"}]}}""";

    private TestDeployments() {
    }

    static AirlockStackProps.Builder props() {
        Path root = AirlockStackProps.findRepoRoot(Path.of(""));
        for (String function : List.of("gateway", "audit-upkeep", "approval-notifier")) {
            Path zip = root.resolve("functions/" + function + "/target/function.zip");
            if (!Files.isRegularFile(zip)) {
                throw new IllegalStateException(zip + " is missing: build the functions first (./mvnw -o -q package "
                        + "-DskipTests, or -pl infra/cdk -am), the stack packages their zips.");
            }
        }
        return AirlockStackProps.builder()
                .tokenIssuer("https://airlock.example.com")
                .awsTargetsJson(AWS_TARGETS)
                .rdsDataTargetsJson(RDS_DATA_TARGETS)
                .identityConfigJson(IDENTITY)
                .pseudonymKeySecretArn(PSEUDONYM_SECRET);
    }

    static JsonNode json(Template template) {
        return new ObjectMapper().valueToTree(template.toJSON());
    }

    /** Every resource of the given type, by logical id. */
    static Map<String, JsonNode> resources(JsonNode template, String type) {
        Map<String, JsonNode> found = new java.util.TreeMap<>();
        template.path("Resources").properties().forEach(e -> {
            if (type.equals(e.getValue().path("Type").asText())) {
                found.put(e.getKey(), e.getValue());
            }
        });
        return found;
    }

    /** One IAM or resource policy statement and where it was found. */
    record Statement(String where, JsonNode body) {
        List<String> actions() {
            return strings(body.path("Action"));
        }

        boolean mentions(String logicalId) {
            return body.path("Resource").toString().contains("\"" + logicalId + "\"")
                    || body.path("Resource").toString().contains(logicalId);
        }
    }

    /** Every statement of every policy document in the template: IAM policies, trust policies, key and queue policies. */
    static List<Statement> statements(JsonNode template) {
        List<Statement> found = new ArrayList<>();
        template.path("Resources").properties().forEach(e -> collect(e.getKey(), e.getValue(), found));
        return found;
    }

    private static void collect(String where, JsonNode node, List<Statement> found) {
        if (node.isObject()) {
            JsonNode statements = node.get("Statement");
            if (statements != null && node.has("Version")) {
                for (JsonNode s : statements.isArray() ? statements : List.of(statements)) {
                    found.add(new Statement(where, s));
                }
            }
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                if (!field.getKey().equals("Statement")) {
                    collect(where, field.getValue(), found);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> collect(where, child, found));
        }
    }

    static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(v -> values.add(v.isTextual() ? v.asText() : v.toString()));
        } else if (!node.isMissingNode() && !node.isNull()) {
            values.add(node.isTextual() ? node.asText() : node.toString());
        }
        return values;
    }
}
