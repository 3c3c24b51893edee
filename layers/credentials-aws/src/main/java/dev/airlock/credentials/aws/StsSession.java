package dev.airlock.credentials.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

import java.time.Instant;

/**
 * An STS session assumed for a request, possibly reused from an earlier identical request.
 * {@link #toString()} never shows the secret key or the session token.
 *
 * <p>The audit record must carry {@link #sessionName()}, not the current request id: when a
 * cached session is reused, CloudTrail shows the session name (and the {@code airlock:request-id}
 * tag) of the request that first assumed it.
 *
 * <p>The session holds one {@link StsSessionCredentials}, which every request reusing the session
 * receives as the very same object: what the target signs with is what STS returned.
 */
public final class StsSession {
    private final StsSessionCredentials targetCredentials;
    private final String roleArn;
    private final String sourceIdentity;
    private final Instant issuedAt;
    private final Instant refreshAt;

    StsSession(StsSessionCredentials targetCredentials, String roleArn, String sourceIdentity, Instant issuedAt,
               Instant refreshAt) {
        this.targetCredentials = targetCredentials;
        this.roleArn = roleArn;
        this.sourceIdentity = sourceIdentity;
        this.issuedAt = issuedAt;
        this.refreshAt = refreshAt;
    }

    /** What a target receives for a request: the same object for every request that reuses this session. */
    public StsSessionCredentials targetCredentials() {
        return targetCredentials;
    }

    /** The credentials themselves; hand them only to the SDK client that runs the request. */
    public AwsSessionCredentials credentials() {
        return targetCredentials.credentials();
    }

    public AwsCredentialsProvider credentialsProvider() {
        return targetCredentials.credentialsProvider();
    }

    /** The target role that was assumed. */
    public String roleArn() {
        return roleArn;
    }

    /** {@code arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION}, as CloudTrail's userIdentity shows it. */
    public String assumedRoleArn() {
        return targetCredentials.assumedRoleArn();
    }

    /** The RoleSessionName CloudTrail shows: the (sanitised) id of the request that assumed the session. */
    public String sessionName() {
        return targetCredentials.sessionName();
    }

    /** The SourceIdentity CloudTrail shows: the (sanitised) agent id. */
    public String sourceIdentity() {
        return sourceIdentity;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    /** When the credentials stop working; null if STS did not say. */
    public Instant expiration() {
        return targetCredentials.expiration().orElse(null);
    }

    /** After this instant (80% of the lifetime) the broker assumes a fresh session. */
    public Instant refreshAt() {
        return refreshAt;
    }

    @Override
    public String toString() {
        return "StsSession[role=" + roleArn + ", sessionName=" + sessionName() + ", sourceIdentity=" + sourceIdentity
                + ", expiration=" + expiration() + ", credentials=****]";
    }
}
