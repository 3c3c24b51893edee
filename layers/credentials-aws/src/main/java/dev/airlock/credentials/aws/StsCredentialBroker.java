package dev.airlock.credentials.aws;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.Tag;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Assumes the target's role once per request with an inline session policy that allows exactly
 * that request, {@code SourceIdentity} = agent, {@code RoleSessionName} = request id, and session
 * tags {@code airlock:request-id} and {@code airlock:agent-id}, so CloudTrail entries join the
 * audit record.
 *
 * <p>A session is reused only for an identical (agent, role, session policy), and only until 80%
 * of its lifetime has passed, so a caller never holds credentials about to expire. The cache is
 * bounded (least recently used out) and safe for concurrent requests: identical requests arriving
 * together make one AssumeRole call.
 */
public final class StsCredentialBroker {
    /** The shortest session STS allows: a request's credentials should outlive it by little. */
    public static final Duration SESSION_DURATION = Duration.ofSeconds(900);
    public static final int DEFAULT_MAX_SESSIONS = 1000;
    static final String REQUEST_ID_TAG = "airlock:request-id";
    static final String AGENT_ID_TAG = "airlock:agent-id";

    private static final Pattern NOT_STS_NAME = Pattern.compile("[^\\w+=,.@-]");
    private static final Pattern NOT_TAG_VALUE = Pattern.compile("[^\\p{L}\\p{Z}\\p{N}_.:/=+@-]");
    private static final int MAX_NAME = 64;
    private static final int MAX_TAG_VALUE = 256;

    private final StsClient sts;
    private final Clock clock;
    private final Map<Key, Slot> slots;

    private record Key(String agentId, String roleArn, SessionPolicy policy) {
    }

    /** One cache entry; its lock makes concurrent identical requests wait for one AssumeRole. */
    private static final class Slot {
        private StsSession session;
    }

    public StsCredentialBroker(StsClient sts, Clock clock, int maxSessions) {
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be at least 1");
        }
        this.sts = Objects.requireNonNull(sts, "sts");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.slots = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Slot> eldest) {
                return size() > maxSessions;
            }
        };
    }

    public StsCredentialBroker(StsClient sts) {
        this(sts, Clock.systemUTC(), DEFAULT_MAX_SESSIONS);
    }

    /**
     * A session on {@code roleArn} that allows exactly {@code policy}.
     *
     * @throws StsBrokerException when STS refuses or cannot be reached
     */
    public StsSession sessionFor(String requestId, String agentId, String roleArn, SessionPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        String sessionName = stsName(requestId, "request id");
        String sourceIdentity = stsName(agentId, "agent id");
        AwsArn role = AwsArn.parse(roleArn);
        if (!role.service().equals("iam") || !role.resource().startsWith("role/")) {
            throw new IllegalArgumentException("'" + roleArn + "' is not an IAM role ARN.");
        }
        Slot slot;
        synchronized (slots) {
            slot = slots.computeIfAbsent(new Key(agentId, roleArn, policy), k -> new Slot());
        }
        synchronized (slot) {
            if (slot.session != null && clock.instant().isBefore(slot.session.refreshAt())) {
                return slot.session;
            }
            slot.session = assume(requestId, agentId, roleArn, policy, sessionName, sourceIdentity);
            return slot.session;
        }
    }

    private StsSession assume(String requestId, String agentId, String roleArn, SessionPolicy policy,
                              String sessionName, String sourceIdentity) {
        Instant issuedAt = clock.instant();
        AssumeRoleResponse response;
        try {
            response = sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName(sessionName)
                    .sourceIdentity(sourceIdentity).durationSeconds((int) SESSION_DURATION.toSeconds())
                    .policy(policy.json())
                    .tags(Tag.builder().key(REQUEST_ID_TAG).value(tagValue(requestId)).build(),
                            Tag.builder().key(AGENT_ID_TAG).value(tagValue(agentId)).build()));
        } catch (SdkException e) {
            throw failure(e, roleArn, sessionName, policy);
        }
        Credentials c = response.credentials();
        Instant expiration = c.expiration();
        // Count the lifetime on our clock: at most what we asked for, less if STS gave less.
        Duration lifetime = SESSION_DURATION;
        if (expiration != null) {
            Duration given = Duration.between(issuedAt, expiration);
            if (given.compareTo(lifetime) < 0) {
                lifetime = given.isNegative() ? Duration.ZERO : given;
            }
        }
        Instant refreshAt = issuedAt.plus(lifetime.multipliedBy(8).dividedBy(10));
        // The one place STS's answer becomes the SDK credentials the target signs with; from here on
        // the same object travels through the cache and the pipeline to the SDK client.
        AwsSessionCredentials credentials = AwsSessionCredentials.builder().accessKeyId(c.accessKeyId())
                .secretAccessKey(c.secretAccessKey()).sessionToken(c.sessionToken()).expirationTime(expiration)
                .build();
        StsSessionCredentials targetCredentials = new StsSessionCredentials(credentials, sessionName,
                response.assumedRoleUser().arn());
        return new StsSession(targetCredentials, roleArn, sourceIdentity, issuedAt, refreshAt);
    }

    private static StsBrokerException failure(SdkException e, String roleArn, String sessionName,
                                              SessionPolicy policy) {
        String context = " [role " + roleArn + ", session " + sessionName + ", policy " + policy.length()
                + " chars sha256 " + policy.sha256().substring(0, 16);
        if (!(e instanceof AwsServiceException service) || service.awsErrorDetails() == null) {
            return new StsBrokerException(StsBrokerException.Kind.UNAVAILABLE, "STS could not be reached ("
                    + e.getClass().getSimpleName() + "): the request did not run; retry later." + context + "]");
        }
        String code = String.valueOf(service.awsErrorDetails().errorCode());
        context += ", STS " + code + " " + service.statusCode() + ", AWS request id " + service.requestId() + "]";
        return switch (code) {
            case "AccessDenied", "AccessDeniedException" -> new StsBrokerException(
                    StsBrokerException.Kind.ACCESS_DENIED, "The gateway's role may not assume " + roleArn
                    + ": add the gateway's role to that role's trust policy with sts:AssumeRole, sts:TagSession and "
                    + "sts:SetSourceIdentity, and allow sts:AssumeRole on it in the gateway's own policy." + context);
            case "PackedPolicyTooLarge" -> new StsBrokerException(StsBrokerException.Kind.POLICY_TOO_LARGE,
                    "STS finds the session policy and tags too large once packed: split the request into calls on "
                            + "fewer resources." + context);
            case "MalformedPolicyDocument" -> new StsBrokerException(StsBrokerException.Kind.MALFORMED_POLICY,
                    "STS refused the session policy as malformed: this is a gateway bug, report it with the policy "
                            + "hash." + context);
            case "RegionDisabledException" -> new StsBrokerException(StsBrokerException.Kind.REGION_DISABLED,
                    "STS is not activated in this region: activate it under IAM > Account settings, or use "
                            + "another regional endpoint." + context);
            case "ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "SignatureDoesNotMatch",
                 "UnrecognizedClientException" -> new StsBrokerException(StsBrokerException.Kind.GATEWAY_CREDENTIALS,
                    "The gateway's own AWS credentials are expired or invalid: check its role or profile." + context);
            case "Throttling", "ThrottlingException", "RequestLimitExceeded", "IDPCommunicationError",
                 "ServiceUnavailable", "InternalFailure" -> new StsBrokerException(StsBrokerException.Kind.UNAVAILABLE,
                    "STS is throttling or failing: the request did not run; retry later." + context);
            default -> service.statusCode() >= 500
                    ? new StsBrokerException(StsBrokerException.Kind.UNAVAILABLE,
                    "STS failed: the request did not run; retry later." + context)
                    : new StsBrokerException(StsBrokerException.Kind.INVALID_REQUEST,
                    "STS refused the AssumeRole request for " + roleArn + "." + context);
        };
    }

    /** STS's RoleSessionName / SourceIdentity charset {@code [\w+=,.@-]{2,64}}; others become '-'. */
    static String stsName(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("The " + what + " is missing.");
        }
        String name = NOT_STS_NAME.matcher(value).replaceAll("-");
        if (name.length() > MAX_NAME) {
            name = name.substring(0, MAX_NAME);
        }
        return name.length() < 2 ? name + "_" : name;
    }

    private static String tagValue(String value) {
        String tag = NOT_TAG_VALUE.matcher(value).replaceAll("-");
        return tag.length() > MAX_TAG_VALUE ? tag.substring(0, MAX_TAG_VALUE) : tag;
    }
}
