package dev.airlock.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The write-ahead audit record: what was asked and what policy decided, written before
 * anything runs, in any protocol: the engine's facts name the action and the resources
 * ({@code tablesRead}/{@code tablesWritten} hold the resources read and written, tables for SQL). Statement text and parameters are already masked: the audit trail never
 * holds raw personal data or secrets. {@code approvalOf} names the held request that an
 * execution of an approved request runs.
 */
public record AuditIntent(
        String requestId,
        Instant receivedAt,
        Optional<String> agentId,
        Optional<String> tokenId,
        Optional<String> target,
        Optional<String> statement,
        List<String> params,
        Optional<String> requestSha256,
        Optional<String> protocol,
        Optional<String> action,
        Optional<RiskClass> risk,
        List<String> tablesRead,
        List<String> tablesWritten,
        Optional<Effect> effect,
        List<String> policyIds,
        Optional<String> decisionReason,
        Optional<String> sourceIp,
        Optional<String> approvalOf) {

    public AuditIntent {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(receivedAt, "receivedAt");
        params = List.copyOf(params);
        tablesRead = List.copyOf(tablesRead);
        tablesWritten = List.copyOf(tablesWritten);
        policyIds = List.copyOf(policyIds);
    }

    public static Builder builder(String requestId, Instant receivedAt) {
        return new Builder(requestId, receivedAt);
    }

    /** Builds an intent from what the pipeline learned so far; absent facts stay empty. */
    public static final class Builder {
        private final String requestId;
        private final Instant receivedAt;
        private String agentId;
        private String tokenId;
        private String target;
        private String statement;
        private List<String> params = List.of();
        private String requestSha256;
        private String protocol;
        private String action;
        private RiskClass risk;
        private List<String> tablesRead = List.of();
        private List<String> tablesWritten = List.of();
        private Effect effect;
        private List<String> policyIds = List.of();
        private String decisionReason;
        private String sourceIp;
        private String approvalOf;

        private Builder(String requestId, Instant receivedAt) {
            this.requestId = requestId;
            this.receivedAt = receivedAt;
        }

        public Builder agent(AgentIdentity agent) {
            this.agentId = agent.agentId();
            this.tokenId = agent.tokenId();
            return this;
        }

        public Builder target(String target) {
            this.target = target;
            return this;
        }

        public Builder statement(String maskedStatement, List<String> maskedParams, String requestSha256) {
            this.statement = maskedStatement;
            this.params = maskedParams;
            this.requestSha256 = requestSha256;
            return this;
        }

        /** What the request's engine found: its protocol, action, risk and the resources it reads and writes. */
        public Builder facts(dev.airlock.core.engine.RequestFacts facts) {
            this.protocol = facts.protocol();
            this.action = facts.action();
            this.risk = facts.risk();
            this.tablesRead = facts.resourcesRead();
            this.tablesWritten = facts.resourcesWritten();
            return this;
        }

        public Builder decision(PolicyDecision decision) {
            this.effect = decision.effect();
            this.policyIds = decision.policyIds();
            this.decisionReason = decision.reason();
            return this;
        }

        public Builder sourceIp(String sourceIp) {
            this.sourceIp = sourceIp;
            return this;
        }

        /** This request executes the approved, held request {@code heldRequestId}. */
        public Builder approvalOf(String heldRequestId) {
            this.approvalOf = heldRequestId;
            return this;
        }

        public AuditIntent build() {
            return new AuditIntent(requestId, receivedAt, Optional.ofNullable(agentId), Optional.ofNullable(tokenId),
                    Optional.ofNullable(target), Optional.ofNullable(statement), params,
                    Optional.ofNullable(requestSha256), Optional.ofNullable(protocol), Optional.ofNullable(action),
                    Optional.ofNullable(risk),
                    tablesRead, tablesWritten, Optional.ofNullable(effect), policyIds,
                    Optional.ofNullable(decisionReason), Optional.ofNullable(sourceIp),
                    Optional.ofNullable(approvalOf));
        }
    }
}
