package dev.airlock.api;

import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.AuditIntent;
import dev.airlock.core.model.AuditOutcome;
import dev.airlock.core.model.Problem;
import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.model.RequestStatus;
import dev.airlock.core.pipeline.RequestIds;
import dev.airlock.core.pipeline.RequestPipeline;
import dev.airlock.core.port.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Refusals at the HTTP edge, of requests the pipeline never sees (a body too large, a wrong
 * method or path, a failed token exchange, a refused approval link), leave the same two audit
 * records as a refused {@code /v1/sql} call and answer as problem+json with their request id.
 *
 * <p>The records hold the method, the path (long segments cut, so a token pasted into a URL is
 * not kept), the agent when the request carried a valid gateway token, the source address and
 * the refusal; never a body, a header or a token. Recording is blocking I/O: callers on an
 * event-loop thread hand it to a worker.
 */
@ApplicationScoped
public class EdgeRefusals {
    private static final Logger LOG = Logger.getLogger(EdgeRefusals.class);
    private static final int MAX_SEGMENT = 48;
    private static final int MAX_PATH = 200;
    private static final Pattern PRINTABLE = Pattern.compile("[A-Za-z0-9._~@:+=!$&'()*,;-]*");

    @Inject
    AuditLog audit;

    @Inject
    RequestPipeline pipeline;

    private final Clock clock = Clock.systemUTC();
    private final RequestIds requestIds = new RequestIds(clock);

    /** What was refused, as the edge saw it; the authorization header is only verified, never kept. */
    public record Refusal(ProblemKind kind, String detail, String method, String path, Optional<String> authorization,
                          Optional<String> sourceIp) {
        public Refusal {
            method = method == null ? "?" : method;
            path = safePath(path);
            authorization = authorization == null ? Optional.empty() : authorization;
            sourceIp = sourceIp == null ? Optional.empty() : sourceIp;
        }

        public static Refusal of(ProblemKind kind, String detail, String method, String path, String authorization,
                                 String sourceIp) {
            return new Refusal(kind, detail, method, path, Optional.ofNullable(authorization),
                    Optional.ofNullable(sourceIp));
        }
    }

    /** Records the refusal and answers it as problem+json. Blocking. */
    public Response refuse(Refusal refusal) {
        String requestId = record(refusal);
        return ApiResponses.problem(Problem.of(refusal.kind(), refusal.detail()), refusal.path(), requestId);
    }

    /**
     * Writes the intent and outcome records of a refusal. Blocking.
     *
     * @return the refusal's request id
     */
    public String record(Refusal refusal) {
        String requestId = requestIds.next();
        Instant receivedAt = clock.instant();
        AuditIntent.Builder intent = AuditIntent.builder(requestId, receivedAt);
        refusal.sourceIp().ifPresent(intent::sourceIp);
        agent(refusal.authorization()).ifPresent(intent::agent);
        String recorded = refusal.method() + " " + refusal.path() + ": " + refusal.detail();
        try {
            audit.recordIntent(intent.build());
            Instant now = clock.instant();
            audit.recordOutcome(new AuditOutcome(requestId, now, statusOf(refusal.kind()),
                    Duration.between(receivedAt, now).toMillis(), Optional.empty(), Optional.empty(), Map.of(),
                    Optional.of(refusal.kind()), Optional.of(recorded)));
        } catch (RuntimeException e) {
            // Nothing ran, and the agent still gets its answer; the operator sees the gap in the log.
            LOG.errorf("request %s: the refusal of %s %s (%s) was not recorded: %s", requestId, refusal.method(),
                    refusal.path(), refusal.kind().slug(), e.toString());
        }
        return requestId;
    }

    /** The agent a refused request came from, when it carried a valid gateway token. */
    private Optional<AgentIdentity> agent(Optional<String> authorization) {
        if (authorization.isEmpty()) {
            return Optional.empty();
        }
        try {
            return pipeline.authenticate(authorization);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static RequestStatus statusOf(ProblemKind kind) {
        return switch (kind) {
            case UNAUTHENTICATED -> RequestStatus.UNAUTHENTICATED;
            case INTERNAL, AUDIT_UNAVAILABLE, TARGET_UNAVAILABLE, TARGET_BUSY -> RequestStatus.FAILED;
            default -> RequestStatus.REJECTED;
        };
    }

    /**
     * The path as it may be recorded and echoed: long or odd segments (a token pasted into a URL,
     * junk) are replaced, and the whole is cut to a bounded length.
     */
    static String safePath(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        String joined = String.join("/", java.util.Arrays.stream(path.split("/", -1))
                .map(s -> s.length() > MAX_SEGMENT || !PRINTABLE.matcher(s).matches() ? "(cut)" : s).toList());
        return joined.length() > MAX_PATH ? joined.substring(0, MAX_PATH) + "(cut)" : joined;
    }
}
