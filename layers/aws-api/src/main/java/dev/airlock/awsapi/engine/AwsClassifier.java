package dev.airlock.awsapi.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.awsapi.AwsAccount;
import dev.airlock.awsapi.AwsCall;
import dev.airlock.awsapi.catalog.CatalogOperation;
import dev.airlock.awsapi.catalog.ResolvedResource;
import dev.airlock.awsapi.catalog.ResourceResolution;
import dev.airlock.awsapi.catalog.ResourceResolver;
import dev.airlock.awsapi.classify.PartiqlClassification;
import dev.airlock.awsapi.classify.PartiqlStatement;
import dev.airlock.awsapi.classify.ShellClassification;
import dev.airlock.awsapi.classify.ShellCommand;
import dev.airlock.core.model.AccessGrant;
import dev.airlock.core.model.RiskClass;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a catalogued call into its {@link AwsClassification}: the catalog's resource templates
 * over the input, and the special readers some operations need (a PartiQL statement, a shell
 * script), whose verdict replaces the catalog's risk.
 */
final class AwsClassifier {
    static final String PARTIQL = "partiql";
    static final String SHELL_COMMAND = "shell-command";
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
    private static final String RUN_SHELL_SCRIPT = "AWS-RunShellScript";

    private AwsClassifier() {
    }

    static AwsClassification classify(CatalogOperation operation, AwsCall call, AwsAccount account) {
        ObjectNode input = call.input();
        List<AwsClassification.Resource> resources = new ArrayList<>();
        List<AccessGrant> grants = new ArrayList<>();
        Map<String, Object> facts = new LinkedHashMap<>(inputFacts(operation, input));
        RiskClass risk = operation.risk();

        String special = operation.classifier().orElse("");
        if (special.equals(PARTIQL)) {
            return partiql(input, account, facts);
        }
        switch (ResourceResolver.resolve(operation, input, account.partition(), account.region(), account.accountId())) {
            case ResourceResolution.Refused refused -> {
                return AwsClassification.unreadable(refused.reason());
            }
            case ResourceResolution.Resolved resolved -> {
                for (ResolvedResource resource : resolved.resources()) {
                    if (resource.arn().equals("*")) {
                        resource.actions().forEach(action -> grants.add(new AccessGrant(action, "*")));
                        continue;
                    }
                    resources.add(new AwsClassification.Resource(resource.arn(), resource.writes()));
                    resource.actions().forEach(action -> grants.add(new AccessGrant(action, resource.arn())));
                }
            }
        }
        if (!operation.resourceScoped() && grants.isEmpty()) {
            operation.actions().forEach(action -> grants.add(new AccessGrant(action, "*")));
        }
        if (special.equals(SHELL_COMMAND)) {
            Optional<ShellClassification> shell = shellScript(input).map(ShellCommand::classify);
            if (shell.isEmpty()) {
                return AwsClassification.unreadable("Airlock reads SendCommand only with DocumentName "
                        + RUN_SHELL_SCRIPT + " and Parameters.commands as a list of lines.");
            }
            facts.put("commandClass", shell.get().commandClass().policyName());
            risk = switch (shell.get().commandClass()) {
                case READ_ONLY -> RiskClass.READ;
                case WRITE -> RiskClass.WRITE;
                case DESTRUCTIVE -> RiskClass.DESTRUCTIVE;
                case UNKNOWN -> RiskClass.UNKNOWN;
            };
        }
        return new AwsClassification(resources, grants, risk, facts, Optional.empty());
    }

    /** DynamoDB's ExecuteStatement: the statement decides the table, the IAM action and the risk. */
    private static AwsClassification partiql(ObjectNode input, AwsAccount account, Map<String, Object> facts) {
        JsonNode statement = input.get("Statement");
        if (statement == null || !statement.isTextual()) {
            return AwsClassification.unreadable("ExecuteStatement needs its Statement as a string.");
        }
        PartiqlClassification parsed = PartiqlStatement.classify(statement.asText());
        if (parsed.kind() == PartiqlClassification.Kind.UNKNOWN || parsed.table().isEmpty()
                || parsed.kind().iamAction().isEmpty()) {
            return AwsClassification.unreadable("The PartiQL statement could not be read: " + parsed.reason());
        }
        String table = parsed.table().get();
        if (!TABLE_NAME.matcher(table).matches()
                || parsed.index().filter(index -> !TABLE_NAME.matcher(index).matches()).isPresent()) {
            return AwsClassification.unreadable("The PartiQL statement names a table or index DynamoDB does not allow.");
        }
        String arn = "arn:" + account.partition() + ":dynamodb:" + account.region() + ":" + account.accountId()
                + ":table/" + table + parsed.index().map(index -> "/index/" + index).orElse("");
        boolean writes = parsed.kind() != PartiqlClassification.Kind.SELECT;
        RiskClass risk = switch (parsed.kind()) {
            case SELECT -> RiskClass.READ;
            case INSERT, UPDATE -> RiskClass.WRITE;
            case DELETE -> RiskClass.DESTRUCTIVE;
            case UNKNOWN -> RiskClass.UNKNOWN;
        };
        facts.put("statementKind", parsed.kind().name().toLowerCase(java.util.Locale.ROOT));
        return new AwsClassification(List.of(new AwsClassification.Resource(arn, writes)),
                List.of(new AccessGrant(parsed.kind().iamAction().get(), arn)), risk, facts, Optional.empty());
    }

    private static Optional<String> shellScript(ObjectNode input) {
        JsonNode document = input.get("DocumentName");
        JsonNode commands = input.path("Parameters").get("commands");
        if (document == null || !RUN_SHELL_SCRIPT.equals(document.asText()) || commands == null
                || !commands.isArray() || commands.isEmpty()) {
            return Optional.empty();
        }
        List<String> lines = new ArrayList<>();
        for (JsonNode line : commands) {
            if (!line.isTextual()) {
                return Optional.empty();
            }
            lines.add(line.asText());
        }
        return Optional.of(String.join("\n", lines));
    }

    /** The input facts the catalog hands to policy; an S3 key becomes its folder ({@code incoming/}). */
    private static Map<String, Object> inputFacts(CatalogOperation operation, ObjectNode input) {
        Map<String, Object> facts = new LinkedHashMap<>();
        operation.policyFacts().forEach((name, path) -> {
            JsonNode value = input;
            for (String part : path.split("\\.")) {
                value = value == null ? null : value.get(part);
            }
            if (value != null && value.isTextual()) {
                String text = value.asText();
                facts.put(name, name.equals("keyPrefix") ? text.substring(0, text.lastIndexOf('/') + 1) : text);
            }
        });
        return facts;
    }
}
