package dev.airlock.targets.rdsdata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.core.model.SqlDialect;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * RDS Data API targets as a JSON document: {@code targets.json} in the local gateway's data
 * folder, {@code AIRLOCK_RDS_DATA_TARGETS} for the Lambda function. The same checks in both:
 *
 * <pre>
 * {"targets":[{"name":"orders","kind":"rds-data",
 *              "clusterArn":"arn:aws:rds:eu-west-1:123456789012:cluster:orders",
 *              "secretArn":"arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-db-AbCdEf",
 *              "database":"orders","roleArn":"arn:aws:iam::123456789012:role/airlock-target-orders",
 *              "engine":"postgresql",
 *              "readSecretArn":"arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-reader-GhIjKl"}]}
 * </pre>
 *
 * {@code readSecretArn}, optional, is a database user that may only SELECT: reads log in as it.
 *
 * Every problem is reported at once, each with its fix. No secret is ever written here: the
 * Data API reads the cluster's secret itself, under the request's session.
 */
public final class RdsDataTargetsConfig {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> RDS_DATA_FIELDS = Set.of("name", "kind", "clusterArn", "secretArn", "database",
            "roleArn", "engine", "readSecretArn");
    private static final String EXAMPLE = "{\"targets\":[{\"name\":\"orders\",\"kind\":\"rds-data\",\"clusterArn\":"
            + "\"arn:aws:rds:REGION:ACCOUNT:cluster:NAME\",\"secretArn\":\"arn:aws:secretsmanager:REGION:ACCOUNT:"
            + "secret:NAME\",\"database\":\"orders\",\"roleArn\":\"arn:aws:iam::ACCOUNT:role/NAME\"}]}";

    private RdsDataTargetsConfig() {
    }

    /**
     * @param builtIn         target names the gateway already has (the demo), which the file may not reuse
     * @param declaredTargets the Target entities the policies declare; a target policy does not know could
     *                        never be used, so it is reported too
     * @throws IllegalArgumentException listing every problem and how to fix it
     */
    public static List<RdsDataTargetSpec> parse(String json, String source, Collection<String> builtIn,
                                                Collection<String> declaredTargets, String entitiesFile) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + " is not valid JSON (" + e.getOriginalMessage()
                    + "). Expected, for example: " + EXAMPLE);
        }
        List<String> problems = new ArrayList<>();
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + " must be a JSON object. Expected, for example: " + EXAMPLE);
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!field.equals("targets")) {
                problems.add("unknown field '" + field + "'; the only field is targets");
            }
        }
        JsonNode targets = root.path("targets");
        List<RdsDataTargetSpec> specs = new ArrayList<>();
        if (!targets.isArray()) {
            problems.add("targets must be an array of targets, for example " + EXAMPLE);
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < targets.size(); i++) {
                JsonNode target = targets.get(i);
                String where = "targets[" + i + "]";
                if (!target.isObject()) {
                    problems.add(where + " must be an object with name, kind, clusterArn, secretArn, database and "
                            + "roleArn");
                    continue;
                }
                String name = text(target, "name");
                if (name != null) {
                    where += " ('" + name + "')";
                    if (builtIn.contains(name)) {
                        problems.add(where + ": the name '" + name + "' is taken by another target (the embedded demo "
                                + "database, or a JDBC target); pick another");
                    } else if (!seen.add(name)) {
                        problems.add(where + ": another target is already named '" + name + "'; names are unique");
                    } else if (!declaredTargets.contains(name)) {
                        problems.add(where + ": the policies do not declare Target::\"" + name + "\", so no request "
                                + "could use it; add {\"uid\":{\"type\":\"Target\",\"id\":\"" + name + "\"},\"attrs\":"
                                + "{\"kind\":\"rds-data\"},\"parents\":[]} and its tables to " + entitiesFile
                                + ", and a policy that permits them");
                    }
                }
                String kind = text(target, "kind");
                if (!"rds-data".equals(kind)) {
                    problems.add(where + ": kind is " + (kind == null ? "missing" : "'" + kind + "'")
                            + "; the only kind a file target can have is \"rds-data\" (an Aurora cluster through the "
                            + "RDS Data API)");
                    continue;
                }
                for (Iterator<String> fields = target.fieldNames(); fields.hasNext(); ) {
                    String field = fields.next();
                    if (!RDS_DATA_FIELDS.contains(field)) {
                        problems.add(where + ": unknown field '" + field + "'; an rds-data target has name, kind, "
                                + "clusterArn, secretArn, database, roleArn and optionally engine and readSecretArn"
                                + (field.toLowerCase(Locale.ROOT).contains("password") ? " (no password: the Data API "
                                + "reads the cluster's secret itself)" : ""));
                    }
                }
                SqlDialect dialect = SqlDialect.POSTGRESQL;
                String engine = text(target, "engine");
                if (engine != null) {
                    switch (engine) {
                        case "postgresql" -> dialect = SqlDialect.POSTGRESQL;
                        case "mysql" -> dialect = SqlDialect.MYSQL;
                        default -> problems.add(where + ": engine is '" + engine + "'; use \"postgresql\" (Aurora "
                                + "PostgreSQL, the default) or \"mysql\" (Aurora MySQL)");
                    }
                }
                String readSecretArn = text(target, "readSecretArn");
                if (target.has("readSecretArn") && readSecretArn == null) {
                    problems.add(where + ": readSecretArn must be a string, the ARN of a secret whose database user "
                            + "may only SELECT");
                    continue;
                }
                List<String> specProblems = RdsDataTargetSpec.problems(name, text(target, "clusterArn"),
                        text(target, "secretArn"), text(target, "database"), text(target, "roleArn"), readSecretArn);
                for (String problem : specProblems) {
                    problems.add(where + ": " + problem.replaceFirst("^Target '[^']*': ", ""));
                }
                if (specProblems.isEmpty()) {
                    specs.add(new RdsDataTargetSpec(name, text(target, "clusterArn"), text(target, "secretArn"),
                            text(target, "database"), text(target, "roleArn"), dialect,
                            Optional.ofNullable(readSecretArn)));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(source + " cannot be used:\n  - " + String.join("\n  - ", problems));
        }
        return List.copyOf(specs);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() ? null : value.asText();
    }

    /** The Target entity ids declared in the policies' entities.json text. */
    public static Set<String> declaredTargets(String entitiesJson) {
        Set<String> ids = new HashSet<>();
        try {
            JsonNode root = JSON.readTree(entitiesJson);
            if (root != null && root.isArray()) {
                for (JsonNode entity : root) {
                    JsonNode uid = entity.path("uid");
                    if ("Target".equals(uid.path("type").asText())) {
                        ids.add(uid.path("id").asText());
                    }
                }
            }
        } catch (JsonProcessingException e) {
            // The policy engine reports a broken entities file with its own message.
        }
        return ids;
    }
}
