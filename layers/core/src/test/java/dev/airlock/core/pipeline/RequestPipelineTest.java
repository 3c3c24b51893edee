package dev.airlock.core.pipeline;

import dev.airlock.core.fakes.InMemoryApproverDirectory;

import dev.airlock.core.approval.ApprovalService;
import dev.airlock.core.approval.InMemoryApprovalStore;
import dev.airlock.core.engine.Decoding;
import dev.airlock.core.fakes.InMemoryAuditLog;
import dev.airlock.core.engine.Engine;
import dev.airlock.core.engine.Executed;
import dev.airlock.core.engine.Execution;
import dev.airlock.core.engine.ExecutionRequest;
import dev.airlock.core.engine.HeldOperation;
import dev.airlock.core.engine.MaskedResponse;
import dev.airlock.core.engine.MaskedSummary;
import dev.airlock.core.engine.Operation;
import dev.airlock.core.engine.PreparedRequest;
import dev.airlock.core.engine.RequestFacts;
import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.ApprovalEvent;
import dev.airlock.core.model.ApprovalRequirement;
import dev.airlock.core.model.AuditIntent;
import dev.airlock.core.model.AuditOutcome;
import dev.airlock.core.model.CredentialsUsed;
import dev.airlock.core.model.Effect;
import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.model.RequestStatus;
import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.TargetCredentials;
import dev.airlock.core.port.ApproverDirectory;
import dev.airlock.core.port.AuditLog;
import dev.airlock.core.port.CredentialBroker;
import dev.airlock.core.port.PolicyCheck;
import dev.airlock.core.port.PolicyQuery;
import dev.airlock.core.port.TokenRejectedException;
import dev.airlock.core.targets.Target;
import dev.airlock.core.targets.Targets;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipeline with a toy protocol, "echo": an agent asks a target to say a text back. Nothing
 * here is SQL, which is the point: every stage works through the engine and the ports alone.
 */
class RequestPipelineTest {
    private static final String SECRET = "hunter2";

    /** An echo request: say {@code text} on {@code target}. */
    record Echo(String target, String text) implements Operation {
    }

    /** Reads {@code target|text}; masks the secret word in summaries and answers. */
    static final class EchoEngine implements Engine<List<String>> {
        boolean explode;

        @Override
        public String protocol() {
            return "echo";
        }

        @Override
        public Decoding decode(String body) {
            String[] parts = body.split("\\|", -1);
            return parts.length == 2 ? new Decoding.Decoded(new Echo(parts[0], parts[1]))
                    : new Decoding.Malformed("Send target|text.");
        }

        @Override
        public Decoding decode(HeldOperation held) {
            return new Decoding.Decoded(new Echo(held.target(), (String) held.input().get("text")));
        }

        @Override
        public MaskedSummary blindSummary(Operation operation) {
            return new MaskedSummary("say [REDACTED]", List.of());
        }

        @Override
        public PreparedRequest prepare(Operation operation, List<String> said) {
            Echo echo = (Echo) operation;
            if (explode) {
                throw new IllegalStateException("engine bug");
            }
            return new PreparedRequest() {
                @Override
                public HeldOperation held() {
                    return new HeldOperation("echo", echo.target(), Map.of("text", echo.text()));
                }

                @Override
                public RequestFacts facts() {
                    return new RequestFacts("echo", echo.target(), "SAY", "echo:say",
                            echo.text().startsWith("rm") ? RiskClass.DESTRUCTIVE : RiskClass.READ,
                            List.of(echo.target() + ".speaker"), List.of("speaker"), List.of());
                }

                @Override
                public List<PolicyCheck> policyChecks() {
                    return List.of(new PolicyCheck("echo:say", new PolicyCheck.Resource("Target", echo.target()),
                            Map.of("text", echo.text().replace(SECRET, "*")), Optional.empty()));
                }

                @Override
                public String canonicalForm(String agentId) {
                    return "echo.v1\n" + agentId + "\n" + echo.target() + "\n" + echo.text();
                }

                @Override
                public MaskedSummary summary(PolicyDecision decision) {
                    return new MaskedSummary("say " + echo.text().replace(SECRET, "[SECRET]"), List.of());
                }

                @Override
                public Execution execute(TargetCredentials credentials, ExecutionRequest request) {
                    said.add(echo.text());
                    return new Execution.Ran(new Executed() {
                        @Override
                        public MaskedResponse mask(PolicyDecision decision) {
                            return response(echo.text().replace(SECRET, "[SECRET]"));
                        }
                    });
                }
            };
        }
    }

    private static MaskedResponse response(String text) {
        return new MaskedResponse() {
            @Override
            public Map<String, Object> body() {
                return Map.of("echo", text);
            }

            @Override
            public Optional<Integer> itemCount() {
                return Optional.of(1);
            }

            @Override
            public Optional<Long> itemsChanged() {
                return Optional.empty();
            }

            @Override
            public Map<String, Integer> maskedCounts() {
                return text.contains("[SECRET]") ? Map.of("secret", 1) : Map.of();
            }
        };
    }

    private final List<String> said = new ArrayList<>();
    private final EchoEngine engine = new EchoEngine();
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final List<PolicyQuery> queries = new ArrayList<>();
    private Function<PolicyQuery, PolicyDecision> policy = q -> PolicyDecision.allow(List.of("echo-ok"), "ok",
            List.of(), 10);
    private final CredentialBroker broker = (target, agent, requestId) -> new TargetCredentials() {
        @Override
        public CredentialsUsed used() {
            return CredentialsUsed.databaseUser("speaker");
        }
    };
    private final ApprovalService approvals = new ApprovalService(new InMemoryApprovalStore(),
            new InMemoryApproverDirectory(Map.of("alice", Set.of("ops"))), audit, java.time.Clock.systemUTC());
    private final RequestPipeline pipeline = RequestPipeline.builder()
            .tokens(token -> {
                if (!token.equals("good")) {
                    throw new TokenRejectedException("The token's signature is not valid.");
                }
                return new AgentIdentity("bot", "jti", Instant.now().minusSeconds(5), Instant.now().plusSeconds(600));
            })
            .policy(q -> {
                queries.add(q);
                return policy.apply(q);
            })
            .targets(Targets.of(List.of(engine), List.of(new Target<>("speaker", engine, said, broker))))
            .audit(audit).approvalService(approvals)
            .build();

    private PipelineOutcome send(String authorization, String body) {
        return pipeline.handle(InboundRequest.of("echo", authorization, body, "10.0.0.1"));
    }

    @Test
    void handle_whenPolicyAllows_runsTheEnginesFormAndMasksWhatLeaves() {
        PipelineOutcome outcome = send("Bearer good", "speaker|my password is hunter2");

        assertThat(outcome).isInstanceOfSatisfying(PipelineOutcome.Completed.class, completed ->
                assertThat(completed.response().body()).containsEntry("echo", "my password is [SECRET]"));
        assertThat(said).containsExactly("my password is hunter2");
        assertThat(queries).singleElement().satisfies(q -> {
            assertThat(q.agent().agentId()).isEqualTo("bot");
            assertThat(q.checks()).extracting(PolicyCheck::action).containsExactly("echo:say");
            assertThat(q.sourceIp()).contains("10.0.0.1");
        });
        assertThat(audit.intents).singleElement().satisfies(i -> {
            assertThat(i.protocol()).contains("echo");
            assertThat(i.action()).contains("echo:say");
            assertThat(i.statement()).contains("say my password is [SECRET]");
            assertThat(i.tablesRead()).containsExactly("speaker");
            assertThat(i.requestSha256()).isPresent();
        });
        assertThat(audit.outcomes).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(RequestStatus.COMPLETED);
            assertThat(o.maskedCounts()).containsEntry("secret", 1);
            assertThat(o.credentials()).contains(CredentialsUsed.databaseUser("speaker"));
        });
    }

    @Test
    void handle_whenUnauthenticated_neverReadsTheBody() {
        PipelineOutcome outcome = send(null, "this is not target|text|at all");

        assertThat(outcome).isInstanceOfSatisfying(PipelineOutcome.Refused.class,
                r -> assertThat(r.problem().kind()).isEqualTo(ProblemKind.UNAUTHENTICATED));
        assertThat(audit.intents).singleElement().satisfies(i -> assertThat(i.statement()).isEmpty());
        assertThat(audit.outcomes).singleElement().extracting(AuditOutcome::status)
                .isEqualTo(RequestStatus.UNAUTHENTICATED);
    }

    @Test
    void handle_whenBodyIsNotAnOperation_refusesWithTheEnginesReasonAndAuditsIt() {
        PipelineOutcome outcome = send("Bearer good", "no separator");

        assertThat(outcome).isInstanceOfSatisfying(PipelineOutcome.Refused.class, r -> {
            assertThat(r.problem().kind()).isEqualTo(ProblemKind.MALFORMED_REQUEST);
            assertThat(r.problem().detail()).isEqualTo("Send target|text.");
        });
        assertThat(said).isEmpty();
        assertThat(audit.outcomes).singleElement().extracting(AuditOutcome::status).isEqualTo(RequestStatus.REJECTED);
    }

    @Test
    void handle_whenProtocolHasNoEngine_refusesWithoutDecoding() {
        PipelineOutcome outcome = pipeline.handle(InboundRequest.of("smtp", "Bearer good", "x", null));

        assertThat(outcome).isInstanceOfSatisfying(PipelineOutcome.Refused.class,
                r -> assertThat(r.problem().kind()).isEqualTo(ProblemKind.NOT_FOUND));
    }

    @Test
    void handle_whenTargetIsUnknown_namesTheTargetsOfTheProtocol() {
        PipelineOutcome outcome = send("Bearer good", "printer|hello");

        assertThat(outcome).isInstanceOfSatisfying(PipelineOutcome.Refused.class, r -> {
            assertThat(r.problem().kind()).isEqualTo(ProblemKind.UNKNOWN_TARGET);
            assertThat(r.problem().detail()).contains("'printer'").contains("speaker");
        });
        assertThat(audit.intents).singleElement().satisfies(i -> {
            assertThat(i.statement()).contains("say [REDACTED]");
            assertThat(i.target()).contains("printer");
        });
    }

    @Test
    void handle_whenTheEngineThrows_failsClosedAndStillWritesBothRecords() {
        engine.explode = true;

        PipelineOutcome outcome = send("Bearer good", "speaker|hello");

        assertThat(outcome).isInstanceOfSatisfying(PipelineOutcome.Refused.class,
                r -> assertThat(r.problem().kind()).isEqualTo(ProblemKind.INTERNAL));
        assertThat(said).isEmpty();
        assertThat(audit.intents).hasSize(1);
        assertThat(audit.outcomes).singleElement().extracting(AuditOutcome::status).isEqualTo(RequestStatus.FAILED);
    }

    @Test
    void executeApproved_runsTheHeldOperationOnceWithItsFrozenFacts() {
        policy = q -> new PolicyDecision(Effect.APPROVAL_REQUIRED, List.of("echo-approve"), "needs ops", List.of(),
                List.of(), 10, List.of(new ApprovalRequirement("ops", 1, Duration.ofHours(1), Duration.ofMinutes(15))));
        PipelineOutcome held = send("Bearer good", "speaker|rm hunter2");
        assertThat(held).isInstanceOf(PipelineOutcome.PendingApproval.class);
        var pending = approvals.get(held.requestId()).pending();
        assertThat(pending.facts().resources()).containsExactly("speaker.speaker");
        assertThat(pending.risk()).isEqualTo(RiskClass.DESTRUCTIVE);
        assertThat(pending.summary().text()).as("notices get every value masked").isEqualTo("say [REDACTED]");
        assertThat(said).isEmpty();

        approvals.approve(held.requestId(), "alice");
        ApprovedExecution call = new ApprovedExecution(held.requestId(), Optional.of("Bearer good"), Optional.empty(),
                ApprovalWait.NONE);
        PipelineOutcome ran = pipeline.executeApproved(call);
        PipelineOutcome again = pipeline.executeApproved(call);

        assertThat(ran).isInstanceOf(PipelineOutcome.Completed.class);
        assertThat(said).containsExactly("rm hunter2");
        assertThat(again).isInstanceOfSatisfying(PipelineOutcome.Refused.class,
                r -> assertThat(r.problem().kind()).isEqualTo(ProblemKind.ALREADY_EXECUTED));
        assertThat(audit.intents.get(1).approvalOf()).contains(held.requestId());
    }

    @Test
    void approvalWait_whenOutOfRange_isRefusedNotClamped() {
        assertThat(ApprovalWait.parse("60")).contains(new ApprovalWait(Duration.ofSeconds(60)));
        assertThat(ApprovalWait.parse(null)).contains(ApprovalWait.NONE);
        assertThat(ApprovalWait.parse("61")).isEmpty();
        assertThat(ApprovalWait.parse("-1")).isEmpty();
        assertThat(ApprovalWait.parse("+5")).isEmpty();
        assertThat(ApprovalWait.parse("1.5")).isEmpty();
    }
}
