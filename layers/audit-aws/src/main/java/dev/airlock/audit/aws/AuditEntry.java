package dev.airlock.audit.aws;

import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.model.CredentialsUsed;
import dev.airlock.core.model.ProblemKind;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One request as the audit trail tells it: its intent record (what the agent sent, how it
 * was classified, the decision) and, once written, its outcome record (how it ended, what
 * was masked). Values are exactly as stored, already masked; the accessors give them in the
 * words the trail and the CLI use.
 */
public record AuditEntry(AuditRecord intent, Optional<AuditRecord> outcome) {

    public AuditEntry {
        Objects.requireNonNull(intent, "intent");
        Objects.requireNonNull(outcome, "outcome");
        if (intent.kind() != AuditRecord.Kind.INTENT
                || outcome.filter(o -> o.kind() != AuditRecord.Kind.OUTCOME).isPresent()) {
            throw new IllegalArgumentException("an entry is an intent record and its outcome record");
        }
    }

    public String requestId() {
        return intent.requestId();
    }

    public Instant at() {
        return intent.at();
    }

    public Optional<String> agentId() {
        return intent.agentId();
    }

    public Optional<String> target() {
        return intent.target();
    }

    /** The engine's action ({@code sql:select}, ...), stored as {@code kind}. */
    public Optional<String> kind() {
        return intent.action();
    }

    public Optional<String> protocol() {
        return intent.protocol();
    }

    public Optional<String> risk() {
        return intent.risk().map(r -> r.name().toLowerCase(Locale.ROOT));
    }

    /** ALLOW, DENY or APPROVAL_REQUIRED; empty when the request was refused before a decision. */
    public Optional<String> decision() {
        return intent.effect().map(Enum::name);
    }

    /** For an execution of an approved request: the held request it ran. */
    public Optional<String> approvalOf() {
        return intent.approvalOf();
    }

    public Optional<String> decisionReason() {
        return intent.decisionReason();
    }

    public List<String> policyIds() {
        return intent.policyIds();
    }

    public Optional<String> statement() {
        return intent.statement();
    }

    public List<String> params() {
        return intent.params();
    }

    /** The resources the request reads (tables for SQL). */
    public List<String> tablesRead() {
        return intent.resourcesRead();
    }

    /** The resources the request writes (tables for SQL). */
    public List<String> tablesWritten() {
        return intent.resourcesWritten();
    }

    /** How the request ended; {@code NO_OUTCOME_YET} while (or if) its outcome is missing. */
    public String status() {
        return outcome.flatMap(AuditRecord::status).map(Enum::name).orElse("NO_OUTCOME_YET");
    }

    public Optional<Instant> completedAt() {
        return outcome.map(AuditRecord::at);
    }

    public Optional<Long> durationMillis() {
        return outcome.flatMap(AuditRecord::durationMillis);
    }

    public Optional<Long> rowCount() {
        return outcome.flatMap(AuditRecord::rowCount);
    }

    public Optional<Long> rowsAffected() {
        return outcome.flatMap(AuditRecord::rowsAffected);
    }

    public Map<String, Long> maskedCounts() {
        return outcome.map(AuditRecord::maskedCounts).orElse(Map.of());
    }

    public Optional<String> problem() {
        return outcome.flatMap(AuditRecord::problem).map(ProblemKind::slug);
    }

    public Optional<String> problemDetail() {
        return outcome.flatMap(AuditRecord::problemDetail);
    }

    /** {@code database-login} or {@code aws-sts-session}; empty when no credentials were brokered (or on older records). */
    public Optional<String> credentialsKind() {
        return credentials().map(CredentialsUsed::kind);
    }

    /** The database user, or the assumed-role ARN CloudTrail shows as {@code userIdentity.arn}. */
    public Optional<String> credentialsPrincipal() {
        return credentials().map(CredentialsUsed::principal);
    }

    /**
     * The STS RoleSessionName the request ran under: the id of the request that assumed the
     * session, which differs from {@link #requestId()} when a cached session was reused. Search
     * CloudTrail for it.
     */
    public Optional<String> stsSessionName() {
        return credentials().flatMap(CredentialsUsed::sessionName);
    }

    private Optional<CredentialsUsed> credentials() {
        return outcome.flatMap(AuditRecord::credentials);
    }
}
