package dev.airlock.awsapi.engine;

import dev.airlock.core.model.AccessGrant;
import dev.airlock.core.model.RiskClass;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What Airlock reads a call as: its resources with the IAM actions each needs, its risk, the input
 * facts policy decides on, and why it could not be read when it could not.
 *
 * @param resources  every resource the call touches, in order
 * @param grants     exactly what the call's STS session may do
 * @param risk       read, write, destructive, privilege, or unknown
 * @param facts      input facts for the policy context ({@code keyPrefix}, {@code commandClass}, ...)
 * @param unreadable why the call could not be read; empty when it could
 */
record AwsClassification(List<Resource> resources, List<AccessGrant> grants, RiskClass risk,
                         Map<String, Object> facts, Optional<String> unreadable) {
    AwsClassification {
        resources = List.copyOf(resources);
        grants = List.copyOf(grants);
        Objects.requireNonNull(risk, "risk");
        facts = Map.copyOf(facts);
        Objects.requireNonNull(unreadable, "unreadable");
    }

    /** One resource ARN and whether the call changes it. */
    record Resource(String arn, boolean writes) {
    }

    static AwsClassification unreadable(String why) {
        return new AwsClassification(List.of(), List.of(), RiskClass.UNKNOWN, Map.of(), Optional.of(why));
    }
}
