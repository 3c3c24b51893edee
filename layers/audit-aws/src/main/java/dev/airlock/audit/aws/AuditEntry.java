package dev.airlock.audit.aws;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One request as the audit trail tells it: its intent record (what the agent sent, how it
 * was classified, the decision) and, once written, its outcome record (how it ended, what
 * was masked). Values are exactly as stored, already masked.
 */
public record AuditEntry(Map<String, AttributeValue> intent, Optional<Map<String, AttributeValue>> outcome) {

    public String requestId() {
        return text(intent, "requestId").orElseThrow();
    }

    public Instant at() {
        return Instant.parse(text(intent, "at").orElseThrow());
    }

    public Optional<String> agentId() {
        return text(intent, "agentId");
    }

    public Optional<String> target() {
        return text(intent, "target");
    }

    public Optional<String> kind() {
        return text(intent, "kind");
    }

    public Optional<String> risk() {
        return text(intent, "risk");
    }

    /** ALLOW, DENY or APPROVAL_REQUIRED; empty when the request was refused before a decision. */
    public Optional<String> decision() {
        return text(intent, "effect");
    }

    /** For an execution of an approved request: the held request it ran. */
    public Optional<String> approvalOf() {
        AttributeValue v = intent.get("approvalOf");
        return v == null || v.s() == null ? Optional.empty() : Optional.of(v.s());
    }

    public Optional<String> decisionReason() {
        return text(intent, "decisionReason");
    }

    public List<String> policyIds() {
        return strings(intent, "policyIds");
    }

    public Optional<String> statement() {
        return text(intent, "statement");
    }

    public List<String> params() {
        return strings(intent, "params");
    }

    public List<String> tablesRead() {
        return strings(intent, "tablesRead");
    }

    public List<String> tablesWritten() {
        return strings(intent, "tablesWritten");
    }

    /** How the request ended; {@code NO_OUTCOME_YET} while (or if) its outcome is missing. */
    public String status() {
        return outcome.flatMap(o -> text(o, "status")).orElse("NO_OUTCOME_YET");
    }

    public Optional<Instant> completedAt() {
        return outcome.flatMap(o -> text(o, "at")).map(Instant::parse);
    }

    public Optional<Long> durationMillis() {
        return outcome.flatMap(o -> number(o, "durationMillis"));
    }

    public Optional<Long> rowCount() {
        return outcome.flatMap(o -> number(o, "rowCount"));
    }

    public Optional<Long> rowsAffected() {
        return outcome.flatMap(o -> number(o, "rowsAffected"));
    }

    public Map<String, Long> maskedCounts() {
        Map<String, Long> counts = new TreeMap<>();
        outcome.map(o -> o.get("maskedCounts")).filter(v -> v.m() != null)
                .ifPresent(v -> v.m().forEach((type, n) -> counts.put(type, Long.parseLong(n.n()))));
        return counts;
    }

    public Optional<String> problem() {
        return outcome.flatMap(o -> text(o, "problem"));
    }

    public Optional<String> problemDetail() {
        return outcome.flatMap(o -> text(o, "problemDetail"));
    }

    /** {@code database-login} or {@code aws-sts-session}; empty when no credentials were brokered (or on older records). */
    public Optional<String> credentialsKind() {
        return credentials("kind");
    }

    /** The database user, or the assumed-role ARN CloudTrail shows as {@code userIdentity.arn}. */
    public Optional<String> credentialsPrincipal() {
        return credentials("principal");
    }

    /**
     * The STS RoleSessionName the request ran under: the id of the request that assumed the
     * session, which differs from {@link #requestId()} when a cached session was reused. Search
     * CloudTrail for it.
     */
    public Optional<String> stsSessionName() {
        return credentials("sessionName");
    }

    private Optional<String> credentials(String name) {
        return outcome.map(o -> o.get("credentials")).filter(AttributeValue::hasM)
                .flatMap(c -> text(c.m(), name));
    }

    private static Optional<String> text(Map<String, AttributeValue> item, String name) {
        return Optional.ofNullable(item.get(name)).map(AttributeValue::s);
    }

    private static Optional<Long> number(Map<String, AttributeValue> item, String name) {
        return Optional.ofNullable(item.get(name)).map(AttributeValue::n).map(Long::parseLong);
    }

    private static List<String> strings(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || !value.hasL() ? List.of() : value.l().stream().map(AttributeValue::s).toList();
    }
}
