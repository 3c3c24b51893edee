package dev.airlock.policy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One decision case from {@code policies/tests/*.json}: a request an agent makes and the
 * decision, policies and obligations it must get. Cases are data: adding one needs no Java.
 *
 * @param file   the file it came from, for messages
 * @param name   what the case shows, in words
 * @param agent  the agent asking
 * @param target the target asked
 * @param sql    the SQL sent, for a SQL case
 * @param aws    the AWS call, for an AWS case
 * @param time   when the request is made
 * @param sourceIp where it comes from, if the case cares
 * @param expect what must come out
 */
public record DecisionCase(String file, String name, String agent, String target, Optional<String> sql,
                           Optional<AwsCall> aws, String dialect, Instant time, Optional<String> sourceIp,
                           Expectation expect) {

    /**
     * An AWS API call in a case: {@code resources} with what the call does to each, and the
     * optional facts ({@code keyPrefix}, {@code commandClass}, {@code statementKind}).
     */
    public record AwsCall(String service, String operation, String region, String risk, boolean readOnly,
                          List<AwsAuthorizationQuery.Resource> resources, java.util.Map<String, String> facts) {
    }

    /**
     * What the case expects. Only {@code decision} is required; every other field, when given,
     * must match exactly (or, for {@code reasonContains}, be contained).
     */
    public record Expectation(String decision, Optional<List<String>> policies, Optional<List<String>> mask,
                              OptionalInt maxRows, Optional<String> approvalGroup, OptionalInt approvals,
                              Optional<String> kind, Optional<String> risk, Optional<String> reasonContains) {
    }

    /** {@code file: name}, how results are listed. */
    public String title() {
        return file + ": " + name;
    }
}
