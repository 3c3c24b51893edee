package dev.airlock.policy;

import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.port.PolicyCheck;
import dev.airlock.core.port.PolicyQuery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An AWS API call to decide, as decision cases write it: the operation ({@code s3},
 * {@code GetObject}) on the resources it names, in an account target. Each resource is
 * authorized on its own, with the {@code AwsContext} the schema declares, the way the AWS API
 * engine asks.
 *
 * @param facts the optional context facts the call carries: {@code keyPrefix},
 *              {@code commandClass}, {@code statementKind}
 */
public record AwsAuthorizationQuery(AgentIdentity agent, String target, String service, String operation,
                                    String region, String risk, boolean readOnly, List<Resource> resources,
                                    Map<String, String> facts, Instant now, Optional<String> sourceIp) {
    /** The optional facts a call may carry. */
    public static final Set<String> OPTIONAL_FACTS = Set.of("keyPrefix", "commandClass", "statementKind");

    /** One resource the call touches, and whether it reads or writes it. */
    public record Resource(String arn, String access) {
        public Resource {
            Objects.requireNonNull(arn, "arn");
            if (!access.equals("read") && !access.equals("write")) {
                throw new IllegalArgumentException("access is read or write, not '" + access + "'");
            }
        }
    }

    public AwsAuthorizationQuery {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(risk, "risk");
        resources = List.copyOf(resources);
        facts = Map.copyOf(facts);
        for (String fact : facts.keySet()) {
            if (!OPTIONAL_FACTS.contains(fact)) {
                throw new IllegalArgumentException("unknown AWS fact '" + fact + "'; known: " + OPTIONAL_FACTS);
            }
        }
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(sourceIp, "sourceIp");
    }

    /**
     * The checks policy answers for this call: the action on each resource it names, or on the
     * account target when it names none.
     */
    public PolicyQuery toPolicyQuery() {
        List<PolicyCheck> checks = new ArrayList<>();
        Set<String> arns = new LinkedHashSet<>();
        resources.forEach(r -> arns.add(r.arn()));
        if (resources.isEmpty()) {
            checks.add(new PolicyCheck(action(), new PolicyCheck.Resource("Target", target),
                    context("", readOnly ? "read" : "write", arns), Optional.empty()));
        }
        for (Resource resource : resources) {
            checks.add(new PolicyCheck(action(), new PolicyCheck.Resource("AwsResource", resource.arn()),
                    context(resource.arn(), resource.access(), arns), Optional.empty()));
        }
        return new PolicyQuery(agent, checks, List.of(), now, sourceIp);
    }

    private Map<String, Object> context(String resourceArn, String access, Set<String> arns) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("target", target);
        context.put("service", service);
        context.put("operation", operation);
        context.put("region", region);
        context.put("risk", risk);
        context.put("readOnly", readOnly);
        context.put("resourceArn", resourceArn);
        context.put("arns", Set.copyOf(arns));
        context.put("access", access);
        context.putAll(facts);
        return context;
    }

    /** The Cedar action id, {@code aws:<service>:<Operation>}. */
    public String action() {
        return "aws:" + service + ":" + operation;
    }
}
