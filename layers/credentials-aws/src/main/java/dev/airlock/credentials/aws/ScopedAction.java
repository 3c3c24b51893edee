package dev.airlock.credentials.aws;

import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One IAM action on one resource: the unit a session policy is built from. The action is a
 * concrete {@code service:Operation} (never a wildcard) and the resource a concrete ARN of the
 * same service. Only actions IAM cannot scope to a resource ({@link #NO_RESOURCE_ACTIONS}) take
 * {@code "*"} as their resource.
 */
public record ScopedAction(String action, String resource) {
    /** The resource of an action that has no resource-level permission. */
    public static final String ANY_RESOURCE = "*";

    /**
     * Actions whose IAM service reference lists no resource type, so a policy can only name
     * {@code "*"}; anything else must name its resource. Keep this short and checked against
     * the Service Authorization Reference when adding one.
     */
    public static final Set<String> NO_RESOURCE_ACTIONS = Set.of(
            "sts:GetCallerIdentity",
            "s3:ListAllMyBuckets",
            "dynamodb:ListTables",
            "kms:ListKeys",
            "secretsmanager:ListSecrets",
            "ec2:DescribeInstances");

    // Action prefixes whose resources live under another service's ARNs.
    private static final Map<String, String> ARN_SERVICE_OF_ACTION_PREFIX = Map.of("rds-data", "rds");
    private static final Pattern ACTION = Pattern.compile("([a-z0-9][a-z0-9-]*):([A-Z][A-Za-z0-9]*)");

    public ScopedAction {
        Matcher matcher = ACTION.matcher(action == null ? "" : action);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Action '" + action
                    + "' is not a concrete service:Operation (wildcards are never allowed).");
        }
        if (ANY_RESOURCE.equals(resource)) {
            if (!NO_RESOURCE_ACTIONS.contains(action)) {
                throw new IllegalArgumentException("Action " + action
                        + " supports resource-level permissions: name its resource ARN, not '*'.");
            }
        } else {
            if (NO_RESOURCE_ACTIONS.contains(action)) {
                throw new IllegalArgumentException("Action " + action
                        + " has no resource-level permission: its resource is '*'.");
            }
            AwsArn arn = AwsArn.parse(resource);
            String prefix = matcher.group(1);
            String arnService = ARN_SERVICE_OF_ACTION_PREFIX.getOrDefault(prefix, prefix);
            if (!arn.service().equals(arnService)) {
                throw new IllegalArgumentException("Action " + action + " cannot apply to a " + arn.service()
                        + " resource (" + resource + "): it needs a " + arnService + " ARN.");
            }
        }
    }

    /** An action IAM cannot scope to a resource; refused unless it is in {@link #NO_RESOURCE_ACTIONS}. */
    public static ScopedAction withoutResource(String action) {
        return new ScopedAction(action, ANY_RESOURCE);
    }
}
