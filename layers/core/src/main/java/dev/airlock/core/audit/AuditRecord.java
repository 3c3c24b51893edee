package dev.airlock.core.audit;

import dev.airlock.core.model.ApprovalEvent;
import dev.airlock.core.model.AuditIntent;
import dev.airlock.core.model.AuditOutcome;
import dev.airlock.core.model.CredentialsUsed;
import dev.airlock.core.model.Effect;
import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.model.RequestStatus;
import dev.airlock.core.model.RiskClass;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One record of the audit trail, whatever its kind: a request's intent (what was asked, what
 * its engine found, what policy decided), its outcome (how it ended, which credentials ran it),
 * or a step of a held request's approval. Once appended it also holds its place in a hash chain
 * ({@link #chain()}) and its hash. Writers, storage, hashing, verification and export all work
 * on this one type; a store maps it to its own items in one place.
 *
 * <p>Components that do not apply to a kind stay empty. Statement text and parameters are
 * already masked; {@link #toString()} still leaves them out, with everything else but the keys.
 *
 * @param kind             which record this is
 * @param requestId        the request the record belongs to (for approval steps: the held request)
 * @param at               when it was received, ended, or the step happened
 * @param protocol         the engine's protocol ({@code sql}, ...)
 * @param action           the engine's action ({@code sql:select}, ...); stored under {@code kind}
 * @param resourcesRead    what the request reads (tables for SQL)
 * @param resourcesWritten what the request writes
 * @param statement        the engine's summary of the request, masked
 * @param params           its values, masked
 * @param requestSha256    hash of the request as sent
 * @param approvalStep     for approval steps: what happened
 * @param chain            the record's place in its hash chain, once appended
 * @param hash             the record's hash, once appended
 */
public record AuditRecord(
        Kind kind,
        String requestId,
        Instant at,
        Optional<String> agentId,
        Optional<String> tokenId,
        Optional<String> sourceIp,
        Optional<String> target,
        Optional<String> protocol,
        Optional<String> action,
        Optional<RiskClass> risk,
        List<String> resourcesRead,
        List<String> resourcesWritten,
        Optional<String> statement,
        List<String> params,
        Optional<String> requestSha256,
        Optional<Effect> effect,
        List<String> policyIds,
        Optional<String> decisionReason,
        Optional<String> approvalOf,
        Optional<RequestStatus> status,
        Optional<Long> durationMillis,
        Optional<Long> rowCount,
        Optional<Long> rowsAffected,
        Map<String, Long> maskedCounts,
        Optional<ProblemKind> problem,
        Optional<String> problemDetail,
        Optional<CredentialsUsed> credentials,
        Optional<ApprovalEvent.Kind> approvalStep,
        Optional<String> approverId,
        Optional<String> detail,
        Optional<String> executionId,
        Optional<ChainPosition> chain,
        Optional<String> hash) {

    /** The kinds of record: a request has one intent and at most one outcome; a held request has approval steps. */
    public enum Kind {
        INTENT, OUTCOME, APPROVAL_STEP
    }

    /**
     * Where a record sits in its hash chain.
     *
     * @param chain    the chain's name ({@code c0} ...)
     * @param seq      its position, from 1
     * @param prevHash the hash of the record before it, or the genesis hash
     */
    public record ChainPosition(String chain, long seq, String prevHash) {
        public ChainPosition {
            Objects.requireNonNull(chain, "chain");
            Objects.requireNonNull(prevHash, "prevHash");
            if (seq < 1) {
                throw new IllegalArgumentException("chain positions start at 1, not " + seq);
            }
        }
    }

    public AuditRecord {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(at, "at");
        List.of(agentId, tokenId, sourceIp, target, protocol, action, risk, statement, requestSha256, effect,
                decisionReason, approvalOf, status, durationMillis, rowCount, rowsAffected, problem, problemDetail,
                credentials, approvalStep, approverId, detail, executionId, chain, hash)
                .forEach(o -> Objects.requireNonNull(o, "optional components are empty, not null"));
        resourcesRead = List.copyOf(resourcesRead);
        resourcesWritten = List.copyOf(resourcesWritten);
        params = List.copyOf(params);
        policyIds = List.copyOf(policyIds);
        maskedCounts = Collections.unmodifiableMap(new TreeMap<>(maskedCounts));
        if (kind == Kind.OUTCOME && (status.isEmpty() || durationMillis.isEmpty())) {
            throw new IllegalArgumentException("an outcome record needs its status and duration");
        }
        if (kind == Kind.APPROVAL_STEP && approvalStep.isEmpty()) {
            throw new IllegalArgumentException("an approval record needs its step");
        }
        if (kind != Kind.APPROVAL_STEP && approvalStep.isPresent()) {
            throw new IllegalArgumentException("only approval records hold a step");
        }
        if (hash.isPresent() && chain.isEmpty()) {
            throw new IllegalArgumentException("a record is hashed only with its place in a chain");
        }
    }

    /** The intent as a record, before it takes its place in a chain. */
    public static AuditRecord of(AuditIntent intent) {
        return builder(Kind.INTENT, intent.requestId(), intent.receivedAt())
                .agentId(intent.agentId()).tokenId(intent.tokenId()).sourceIp(intent.sourceIp())
                .target(intent.target()).protocol(intent.protocol()).action(intent.action()).risk(intent.risk())
                .resourcesRead(intent.tablesRead()).resourcesWritten(intent.tablesWritten())
                .statement(intent.statement()).params(intent.params()).requestSha256(intent.requestSha256())
                .effect(intent.effect()).policyIds(intent.policyIds()).decisionReason(intent.decisionReason())
                .approvalOf(intent.approvalOf())
                .build();
    }

    /** How an outcome's {@link #detail()} names the target's own id of the call. */
    public static final String TARGET_REQUEST_ID = "target request id ";

    /** The outcome as a record, before it takes its place in a chain. */
    public static AuditRecord of(AuditOutcome outcome) {
        Map<String, Long> counts = new TreeMap<>();
        outcome.maskedCounts().forEach((type, n) -> counts.put(type, n.longValue()));
        return builder(Kind.OUTCOME, outcome.requestId(), outcome.completedAt())
                .status(Optional.of(outcome.status())).durationMillis(Optional.of(outcome.durationMillis()))
                .rowCount(outcome.rowCount().map(Integer::longValue)).rowsAffected(outcome.rowsAffected())
                .maskedCounts(counts).problem(outcome.problem()).problemDetail(outcome.problemDetail())
                .credentials(outcome.credentials())
                // The target's own id of the call (AWS's request id), so its logs join this record.
                .detail(outcome.targetRequestId().map(id -> TARGET_REQUEST_ID + id))
                .build();
    }

    /** An approval step as a record on the held request, before it takes its place in a chain. */
    public static AuditRecord of(ApprovalEvent event) {
        return builder(Kind.APPROVAL_STEP, event.requestId(), event.at())
                .approvalStep(Optional.of(event.kind())).approverId(event.approverId()).detail(event.detail())
                .executionId(event.executionId())
                .build();
    }

    public static Builder builder(Kind kind, String requestId, Instant at) {
        return new Builder(kind, requestId, at);
    }

    /** This record at a place in a chain, not yet hashed. */
    public AuditRecord inChain(ChainPosition position) {
        return toBuilder().chain(Optional.of(position)).hash(Optional.empty()).build();
    }

    /** This record with its hash, computed over everything else. */
    public AuditRecord withHash(String recordHash) {
        return toBuilder().hash(Optional.of(recordHash)).build();
    }

    /** This record without its hash: what the hash is computed over. */
    public AuditRecord withoutHash() {
        return hash.isEmpty() ? this : toBuilder().hash(Optional.empty()).build();
    }

    public Builder toBuilder() {
        return new Builder(kind, requestId, at)
                .agentId(agentId).tokenId(tokenId).sourceIp(sourceIp).target(target).protocol(protocol)
                .action(action).risk(risk).resourcesRead(resourcesRead).resourcesWritten(resourcesWritten)
                .statement(statement).params(params).requestSha256(requestSha256).effect(effect)
                .policyIds(policyIds).decisionReason(decisionReason).approvalOf(approvalOf).status(status)
                .durationMillis(durationMillis).rowCount(rowCount).rowsAffected(rowsAffected)
                .maskedCounts(maskedCounts).problem(problem).problemDetail(problemDetail).credentials(credentials)
                .approvalStep(approvalStep).approverId(approverId).detail(detail).executionId(executionId)
                .chain(chain).hash(hash);
    }

    /** Kind, request, time and chain place only: statements, values and identities stay out of logs. */
    @Override
    public String toString() {
        return "AuditRecord[" + kind + " " + requestId + " at " + at
                + chain.map(c -> " " + c.chain() + "#" + c.seq()).orElse("") + "]";
    }

    /** Builds a record; components left unset stay empty. */
    public static final class Builder {
        private final Kind kind;
        private final String requestId;
        private final Instant at;
        private Optional<String> agentId = Optional.empty();
        private Optional<String> tokenId = Optional.empty();
        private Optional<String> sourceIp = Optional.empty();
        private Optional<String> target = Optional.empty();
        private Optional<String> protocol = Optional.empty();
        private Optional<String> action = Optional.empty();
        private Optional<RiskClass> risk = Optional.empty();
        private List<String> resourcesRead = List.of();
        private List<String> resourcesWritten = List.of();
        private Optional<String> statement = Optional.empty();
        private List<String> params = List.of();
        private Optional<String> requestSha256 = Optional.empty();
        private Optional<Effect> effect = Optional.empty();
        private List<String> policyIds = List.of();
        private Optional<String> decisionReason = Optional.empty();
        private Optional<String> approvalOf = Optional.empty();
        private Optional<RequestStatus> status = Optional.empty();
        private Optional<Long> durationMillis = Optional.empty();
        private Optional<Long> rowCount = Optional.empty();
        private Optional<Long> rowsAffected = Optional.empty();
        private Map<String, Long> maskedCounts = Map.of();
        private Optional<ProblemKind> problem = Optional.empty();
        private Optional<String> problemDetail = Optional.empty();
        private Optional<CredentialsUsed> credentials = Optional.empty();
        private Optional<ApprovalEvent.Kind> approvalStep = Optional.empty();
        private Optional<String> approverId = Optional.empty();
        private Optional<String> detail = Optional.empty();
        private Optional<String> executionId = Optional.empty();
        private Optional<ChainPosition> chain = Optional.empty();
        private Optional<String> hash = Optional.empty();

        private Builder(Kind kind, String requestId, Instant at) {
            this.kind = kind;
            this.requestId = requestId;
            this.at = at;
        }

        public Builder agentId(Optional<String> v) { agentId = v; return this; }
        public Builder tokenId(Optional<String> v) { tokenId = v; return this; }
        public Builder sourceIp(Optional<String> v) { sourceIp = v; return this; }
        public Builder target(Optional<String> v) { target = v; return this; }
        public Builder protocol(Optional<String> v) { protocol = v; return this; }
        public Builder action(Optional<String> v) { action = v; return this; }
        public Builder risk(Optional<RiskClass> v) { risk = v; return this; }
        public Builder resourcesRead(List<String> v) { resourcesRead = v; return this; }
        public Builder resourcesWritten(List<String> v) { resourcesWritten = v; return this; }
        public Builder statement(Optional<String> v) { statement = v; return this; }
        public Builder params(List<String> v) { params = v; return this; }
        public Builder requestSha256(Optional<String> v) { requestSha256 = v; return this; }
        public Builder effect(Optional<Effect> v) { effect = v; return this; }
        public Builder policyIds(List<String> v) { policyIds = v; return this; }
        public Builder decisionReason(Optional<String> v) { decisionReason = v; return this; }
        public Builder approvalOf(Optional<String> v) { approvalOf = v; return this; }
        public Builder status(Optional<RequestStatus> v) { status = v; return this; }
        public Builder durationMillis(Optional<Long> v) { durationMillis = v; return this; }
        public Builder rowCount(Optional<Long> v) { rowCount = v; return this; }
        public Builder rowsAffected(Optional<Long> v) { rowsAffected = v; return this; }
        public Builder maskedCounts(Map<String, Long> v) { maskedCounts = v; return this; }
        public Builder problem(Optional<ProblemKind> v) { problem = v; return this; }
        public Builder problemDetail(Optional<String> v) { problemDetail = v; return this; }
        public Builder credentials(Optional<CredentialsUsed> v) { credentials = v; return this; }
        public Builder approvalStep(Optional<ApprovalEvent.Kind> v) { approvalStep = v; return this; }
        public Builder approverId(Optional<String> v) { approverId = v; return this; }
        public Builder detail(Optional<String> v) { detail = v; return this; }
        public Builder executionId(Optional<String> v) { executionId = v; return this; }
        public Builder chain(Optional<ChainPosition> v) { chain = v; return this; }
        public Builder hash(Optional<String> v) { hash = v; return this; }

        public AuditRecord build() {
            return new AuditRecord(kind, requestId, at, agentId, tokenId, sourceIp, target, protocol, action, risk,
                    resourcesRead, resourcesWritten, statement, params, requestSha256, effect, policyIds,
                    decisionReason, approvalOf, status, durationMillis, rowCount, rowsAffected, maskedCounts,
                    problem, problemDetail, credentials, approvalStep, approverId, detail, executionId, chain, hash);
        }
    }
}
