package dev.airlock.credentials.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.time.Instant;

/**
 * An STS session assumed for a request, possibly reused from an earlier identical request.
 * {@link #toString()} never shows the secret key or the session token.
 *
 * <p>The audit record must carry {@link #sessionName()}, not the current request id: when a
 * cached session is reused, CloudTrail shows the session name (and the {@code airlock:request-id}
 * tag) of the request that first assumed it.
 */
public final class StsSession {
    private final AwsSessionCredentials credentials;
    private final String roleArn;
    private final String assumedRoleArn;
    private final String sessionName;
    private final String sourceIdentity;
    private final Instant issuedAt;
    private final Instant expiration;
    private final Instant refreshAt;

    StsSession(AwsSessionCredentials credentials, String roleArn, String assumedRoleArn, String sessionName,
               String sourceIdentity, Instant issuedAt, Instant expiration, Instant refreshAt) {
        this.credentials = credentials;
        this.roleArn = roleArn;
        this.assumedRoleArn = assumedRoleArn;
        this.sessionName = sessionName;
        this.sourceIdentity = sourceIdentity;
        this.issuedAt = issuedAt;
        this.expiration = expiration;
        this.refreshAt = refreshAt;
    }

    /** The credentials themselves; hand them only to the SDK client that runs the request. */
    public AwsSessionCredentials credentials() {
        return credentials;
    }

    public AwsCredentialsProvider credentialsProvider() {
        return StaticCredentialsProvider.create(credentials);
    }

    /** The target role that was assumed. */
    public String roleArn() {
        return roleArn;
    }

    /** {@code arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION}, as CloudTrail's userIdentity shows it. */
    public String assumedRoleArn() {
        return assumedRoleArn;
    }

    /** The RoleSessionName CloudTrail shows: the (sanitised) id of the request that assumed the session. */
    public String sessionName() {
        return sessionName;
    }

    /** The SourceIdentity CloudTrail shows: the (sanitised) agent id. */
    public String sourceIdentity() {
        return sourceIdentity;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    public Instant expiration() {
        return expiration;
    }

    /** After this instant (80% of the lifetime) the broker assumes a fresh session. */
    public Instant refreshAt() {
        return refreshAt;
    }

    @Override
    public String toString() {
        return "StsSession[role=" + roleArn + ", sessionName=" + sessionName + ", sourceIdentity=" + sourceIdentity
                + ", expiration=" + expiration + ", credentials=****]";
    }
}
