package dev.airlock.awsapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * AWS account targets as a JSON document ({@code AIRLOCK_AWS_TARGETS} for the Lambda function):
 *
 * <pre>
 * {"targets":[{"name":"prod","region":"eu-west-1","accountId":"123456789012",
 *              "roleArn":"arn:aws:iam::123456789012:role/AirlockTargetRole"}]}
 * </pre>
 *
 * {@code partition} (default {@code aws}) and {@code endpoint} (one endpoint for every service,
 * for an emulator) are optional. Every problem is reported at once, each with its fix.
 */
public final class AwsTargetsConfig {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("name", "region", "accountId", "roleArn", "partition", "endpoint");
    static final String EXAMPLE = "{\"targets\":[{\"name\":\"prod\",\"region\":\"eu-west-1\",\"accountId\":"
            + "\"123456789012\",\"roleArn\":\"arn:aws:iam::123456789012:role/AirlockTargetRole\"}]}";

    private AwsTargetsConfig() {
    }

    /** One configured account, before it is bound to a sender. */
    public record Spec(String name, String partition, String region, String accountId, String roleArn,
                       Optional<URI> endpoint) {
    }

    /**
     * @param declaredTargets the Target entities the policies declare: a target policy does not know is reported
     * @throws IllegalArgumentException listing every problem and how to fix it
     */
    public static List<Spec> parse(String json, String source, Collection<String> declaredTargets) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + " is not valid JSON. Expected, for example: " + EXAMPLE);
        }
        if (root == null || !root.isObject() || !root.path("targets").isArray()) {
            throw new IllegalArgumentException(source + " must be an object with a \"targets\" list. Expected, for "
                    + "example: " + EXAMPLE);
        }
        List<String> problems = new ArrayList<>();
        List<Spec> specs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int index = 0;
        for (JsonNode target : root.get("targets")) {
            String where = source + " targets[" + index++ + "]";
            if (!target.isObject()) {
                problems.add(where + " must be an object.");
                continue;
            }
            for (Iterator<String> fields = target.fieldNames(); fields.hasNext(); ) {
                String field = fields.next();
                if (!FIELDS.contains(field)) {
                    problems.add(where + " has an unknown field '" + field + "': use " + FIELDS + ".");
                }
            }
            String name = target.path("name").asText("");
            String roleArn = target.path("roleArn").asText("");
            Optional<URI> endpoint = Optional.empty();
            if (target.hasNonNull("endpoint")) {
                try {
                    URI uri = URI.create(target.get("endpoint").asText());
                    if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                        throw new IllegalArgumentException();
                    }
                    endpoint = Optional.of(uri);
                } catch (IllegalArgumentException e) {
                    problems.add(where + " endpoint must be an http(s) URL.");
                }
            }
            if (!roleArn.matches("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+")) {
                problems.add(where + " roleArn must be an IAM role ARN, arn:aws:iam::ACCOUNT:role/NAME.");
            }
            if (!names.add(name)) {
                problems.add(where + " repeats the name '" + name + "'.");
            }
            if (!declaredTargets.contains(name)) {
                problems.add(where + ": the policies declare no Target::\"" + name + "\"; add it to entities.json so "
                        + "policies can permit calls on it.");
            }
            try {
                AwsAccount checked = new AwsAccount(name, target.path("partition").asText("aws"),
                        target.path("region").asText(""), target.path("accountId").asText(""), roleArn,
                        (request, signingName, region, credentials) -> {
                            throw new IllegalStateException("not bound");
                        });
                specs.add(new Spec(checked.name(), checked.partition(), checked.region(), checked.accountId(),
                        roleArn, endpoint));
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join(" ", problems));
        }
        return List.copyOf(specs);
    }
}
