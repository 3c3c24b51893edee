package dev.airlock.policy;

import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.port.PolicyCheck;
import dev.airlock.core.port.PolicyQuery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An AWS API call to decide: the operation ({@code s3}, {@code GetObject}) on the resources it
 * names, in an account target. Each resource is authorized on its own. The AWS engine's
 * translation into policy checks, until that engine exists.
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

    /**
     * The checks policy answers for this call: the action on each resource it names, or on the
     * account target when it names none; each with the {@code AwsContext} the schema declares.
     */
    public PolicyQuery toPolicyQuery() {
        List<PolicyCheck> checks = new ArrayList<>();
        if (resourceArns.isEmpty()) {
            checks.add(new PolicyCheck(action(), new PolicyCheck.Resource("Target", target), context(""),
                    Optional.empty()));
        }
        for (String arn : resourceArns) {
            checks.add(new PolicyCheck(action(), new PolicyCheck.Resource("AwsResource", arn), context(arn),
                    Optional.empty()));
        }
        return new PolicyQuery(agent, checks, List.of(), now, sourceIp);
    }

    private Map<String, Object> context(String resourceArn) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("target", target);
        context.put("service", service);
        context.put("operation", operation);
        context.put("region", region);
        context.put("readOnly", readOnly);
        context.put("resourceArn", resourceArn);
        return context;
    }

    /** The Cedar action id, {@code aws:<service>:<Operation>}. */
    public String action() {
        return "aws:" + service + ":" + operation;
    }
}
