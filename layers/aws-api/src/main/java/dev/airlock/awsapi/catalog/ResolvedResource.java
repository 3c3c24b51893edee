package dev.airlock.awsapi.catalog;

import java.util.List;
import java.util.Objects;

/**
 * One resource a call names, and what it needs there.
 *
 * @param arn     the ARN; {@code *} for an operation IAM cannot scope to resources
 * @param actions the IAM actions the call needs on it
 * @param writes  whether the call changes it
 */
public record ResolvedResource(String arn, List<String> actions, boolean writes) {
    public ResolvedResource {
        Objects.requireNonNull(arn, "arn");
        actions = List.copyOf(actions);
    }
}
