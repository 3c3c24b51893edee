package dev.airlock.api;

import dev.airlock.core.fakes.InMemoryApproverDirectory;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.airlock.core.model.ApprovalEvent;
import dev.airlock.core.model.ApprovalRecord;
import dev.airlock.core.model.ApprovalRequirement;
import dev.airlock.core.model.ApprovalState;
import dev.airlock.core.model.ApproverDecision;
import dev.airlock.core.model.AuditIntent;
import dev.airlock.core.model.AuditOutcome;
import dev.airlock.core.model.ColumnMaskRule;
import dev.airlock.core.model.DatabaseLogin;
import dev.airlock.core.model.JsonMaskRule;
import dev.airlock.core.model.MaskedResult;
import dev.airlock.core.model.MaskedStatement;
import dev.airlock.core.model.PendingRequest;
import dev.airlock.core.model.Effect;
import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.model.QueryResult;
import dev.airlock.core.model.ResultColumn;
import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.Secret;
import dev.airlock.core.fakes.InMemoryAuditLog;
import dev.airlock.core.model.SqlRequest;
import dev.airlock.core.model.StatementKind;
import dev.airlock.core.port.ApprovalStore;
import dev.airlock.core.port.ApproverDirectory;
import dev.airlock.core.port.AuditLog;
import dev.airlock.core.port.CredentialBroker;
import dev.airlock.core.port.PolicyEngine;
import dev.airlock.core.port.PolicyQuery;
import dev.airlock.core.port.ResponseMasker;
import dev.airlock.core.port.SqlTarget;
import dev.airlock.core.targets.Target;
import dev.airlock.core.targets.Targets;
import dev.airlock.sql.engine.SqlEngine;
import dev.airlock.core.port.TargetBusyException;
import dev.airlock.core.port.TokenVerifier;
import dev.airlock.identity.ApprovalLinkTokens;
import dev.airlock.identity.GatewayPublicKeys;
import dev.airlock.identity.GatewayTokenIssuer;
import dev.airlock.identity.IdentityConfig;
import dev.airlock.identity.InMemoryUsedLinks;
import dev.airlock.identity.JwtTokenVerifier;
import dev.airlock.identity.LocalBootstrapTokens;
import dev.airlock.identity.TokenExchange;
import dev.airlock.identity.TokenSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The ports the edge tests run the shared API over: real gateway tokens, token exchange and
 * approval links signed with a test key; an audit log that keeps what it is given; a target
 * that is always busy; a policy that allows, except that {@code ops-bot} needs approval.
 */
@ApplicationScoped
public class EdgeTestPorts {
    static final ECKey KEY = key();
    static final Clock CLOCK = Clock.systemUTC();
    static final Duration BUSY_FOR = Duration.ofSeconds(7);
    static final String HELD_ID = "0190a8c2-0000-7000-8000-00000000held";
    static final String OTHER_HELD_ID = "0190a8c2-0000-7000-8000-0000000other";
    static final InMemoryAuditLog AUDIT = new InMemoryAuditLog();
    static final ApprovalLinkTokens LINKS = new ApprovalLinkTokens(KEY, new GatewayPublicKeys(new JWKSet(KEY)),
            new InMemoryUsedLinks(CLOCK), TokenSettings.LOCAL_DEFAULTS, CLOCK);
    static final PendingRequest HELD = new PendingRequest(HELD_ID, "ops-bot",
            new SqlRequest("demo", "delete from orders where id = 1", List.of()), "0".repeat(64), StatementKind.DELETE,
            RiskClass.DESTRUCTIVE, List.of("ops-change-demo-with-approval"),
            List.of(new ApprovalRequirement("approvers", 1, Duration.ofHours(1), Duration.ofMinutes(15))),
            Instant.now(), Instant.now().plus(Duration.ofHours(1)));

    private static ECKey key() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String token(String agent) {
        return new GatewayTokenIssuer(KEY, TokenSettings.LOCAL_DEFAULTS, CLOCK).issue(agent, null).token();
    }

    static String bootstrapToken(String agent) {
        return LocalBootstrapTokens.issue(KEY, TokenSettings.LOCAL_ISSUER, agent, null, CLOCK).token();
    }

    @Produces
    @Singleton
    AuditLog audit() {
        return AUDIT;
    }

    @Produces
    @Singleton
    TokenVerifier tokens() {
        return new JwtTokenVerifier(new JWKSet(KEY), TokenSettings.LOCAL_DEFAULTS, CLOCK);
    }

    @Produces
    @Singleton
    PolicyEngine policy() {
        return new PolicyEngine() {
            @Override
            public PolicyDecision decide(PolicyQuery query) {
                return switch (query.agent().agentId()) {
                    case "denied-bot" -> PolicyDecision.deny(List.of("edge-deny"), "No policy permits denied-bot.");
                    case "held-bot" -> new PolicyDecision(Effect.APPROVAL_REQUIRED, List.of("edge-hold"),
                            "held in the edge tests", List.of(), List.of(), 100, List.of(new ApprovalRequirement(
                            "approvers", 1, Duration.ofHours(1), Duration.ofMinutes(15))));
                    default -> PolicyDecision.allow(List.of("edge-test"), "allowed in the edge tests", List.of(), 100);
                };
            }

            /** Every target, except that stranger-bot could never touch any. */
            @Override
            public Set<String> targetsEverPermitted(String agentId, Map<String, String> targetProtocols) {
                return agentId.equals("stranger-bot") ? Set.of() : targetProtocols.keySet();
            }
        };
    }

    @Produces
    @Singleton
    Targets targets(SqlEngine sql) {
        CredentialBroker credentials = (target, agent, requestId) -> new DatabaseLogin("edge", Secret.of("edge-password"));
        return Targets.of(List.of(sql), List.of(new Target<SqlTarget>("demo", sql, new SqlTarget() {
            @Override
            public String name() {
                return "demo";
            }

            @Override
            public QueryResult execute(dev.airlock.core.model.SqlExecution execution,
                                       dev.airlock.core.model.TargetCredentials credentials)
                    throws TargetBusyException {
                throw new TargetBusyException("Target demo is busy: this agent's share of its connections is in use.",
                        BUSY_FOR);
            }
        }, credentials)));
    }

    @Produces
    @Singleton
    ResponseMasker masker() {
        return new ResponseMasker() {
            @Override
            public MaskedResult mask(QueryResult result, List<ColumnMaskRule> rules) {
                return new MaskedResult(result.columns().stream().map(ResultColumn::label).toList(), result.rows(),
                        result.rowsAffected(), result.truncated(), Map.of());
            }

            @Override
            public String maskText(String text) {
                return text;
            }

            @Override
            public MaskedStatement maskStatement(String sql, List<Object> params) {
                return new MaskedStatement(sql, params.stream().map(String::valueOf).toList());
            }

            @Override
            public Map<String, Integer> maskJson(InputStream in, OutputStream out, List<JsonMaskRule> rules) {
                return Map.of();
            }
        };
    }

    @Produces
    @Singleton
    ApproverDirectory approvers() {
        return new InMemoryApproverDirectory(Map.of("alice", Set.of("approvers")));
    }

    /** Holds one request, {@link #HELD}, that nobody has decided on. */
    @Produces
    @Singleton
    ApprovalStore approvals() {
        PendingRequest other = new PendingRequest(OTHER_HELD_ID, HELD.agentId(), HELD.operation(), HELD.requestSha256(),
                HELD.facts(), HELD.summary(), HELD.policyIds(), HELD.approvals(), HELD.createdAt(), HELD.expiresAt());
        Map<String, ApprovalRecord> records = new ConcurrentHashMap<>(Map.of(HELD_ID, ApprovalRecord.held(HELD),
                OTHER_HELD_ID, ApprovalRecord.held(other)));
        return new ApprovalStore() {
            @Override
            public void hold(PendingRequest request) {
                records.put(request.requestId(), ApprovalRecord.held(request));
            }

            @Override
            public Optional<ApprovalRecord> find(String requestId) {
                return Optional.ofNullable(records.get(requestId));
            }

            @Override
            public List<ApprovalRecord> list(ApprovalState state) {
                return records.values().stream().filter(r -> r.state() == state).toList();
            }

            @Override
            public Optional<ApprovalRecord> recordApproval(String requestId, long version, ApproverDecision approval,
                                                           Optional<Instant> approvedUntil) {
                return Optional.empty();
            }

            @Override
            public boolean recordDenial(String requestId, long version, String approverId, String reason,
                                        Instant at) {
                return false;
            }

            @Override
            public boolean expire(String requestId, ApprovalState from, Instant at) {
                return false;
            }

            @Override
            public boolean claimExecution(String requestId, Instant at) {
                return false;
            }

            @Override
            public boolean recordResult(String requestId, boolean succeeded, Optional<String> detail, Instant at) {
                return false;
            }
        };
    }

    @Produces
    @Singleton
    GatewayPublicKeys publicKeys() {
        return new GatewayPublicKeys(new JWKSet(KEY));
    }

    @Produces
    @Singleton
    ApprovalLinkTokens links() {
        return LINKS;
    }

    @Produces
    @Singleton
    TokenExchange exchange() {
        return TokenExchange.create(new GatewayTokenIssuer(KEY, TokenSettings.LOCAL_DEFAULTS, CLOCK),
                TokenSettings.LOCAL_DEFAULTS, IdentityConfig.LOCAL_ONLY, new JWKSet(KEY), CLOCK);
    }
}
