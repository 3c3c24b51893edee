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

    // Action prefixes whose resources live under other services' ARNs (ssm:SendCommand runs on EC2 instances).
    private static final Map<String, Set<String>> ARN_SERVICES_OF_ACTION_PREFIX = Map.of("rds-data", Set.of("rds"),
            "ssm", Set.of("ssm", "ec2"));
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
            Set<String> arnServices = ARN_SERVICES_OF_ACTION_PREFIX.getOrDefault(prefix, Set.of(prefix));
            if (!arnServices.contains(arn.service())) {
                throw new IllegalArgumentException("Action " + action + " cannot apply to a " + arn.service()
                        + " resource (" + resource + "): it needs a " + String.join(" or ", new java.util.TreeSet<>(
                        arnServices)) + " ARN.");
            }
        }
    }

    /** An action IAM cannot scope to a resource; refused unless it is in {@link #NO_RESOURCE_ACTIONS}. */
    public static ScopedAction withoutResource(String action) {
        return new ScopedAction(action, ANY_RESOURCE);
    }
}
