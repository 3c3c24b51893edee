package dev.airlock.policy;

import dev.airlock.core.model.AgentIdentity;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An AWS API call to decide: the operation ({@code s3}, {@code GetObject}) on the resources it
 * names, in an account target. Each resource is authorized on its own.
 */
public record AwsAuthorizationQuery(AgentIdentity agent, String target, String service, String operation,
                                    String region, boolean readOnly, List<String> resourceArns, Instant now,
                                    Optional<String> sourceIp) {
    public AwsAuthorizationQuery {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(region, "region");
        resourceArns = List.copyOf(resourceArns);
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(sourceIp, "sourceIp");
    }

    /** The Cedar action id, {@code aws:<service>:<Operation>}. */
    public String action() {
        return "aws:" + service + ":" + operation;
    }
}
