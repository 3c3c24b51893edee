package dev.airlock.credentials.aws;

import dev.airlock.core.model.CredentialsUsed;
import dev.airlock.core.model.TargetCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The credentials of an STS session as a target receives them: the SDK's own
 * {@link AwsSessionCredentials}, built once from the AssumeRole answer and handed unchanged to
 * the SDK client that signs the request, so they are never copied into another shape and back.
 * {@link #toString()} never shows the secret key or the session token.
 *
 * <p>The audit keeps {@link #used()}: the assumed-role ARN and the session name CloudTrail shows,
 * which is the id of the request that assumed the session (not the current one when a cached
 * session is reused).
 */
public final class StsSessionCredentials implements TargetCredentials {
    private final AwsSessionCredentials credentials;
    private final AwsCredentialsProvider provider;
    private final String sessionName;
    private final String assumedRoleArn;

    /**
     * @param credentials    the session's credentials as the SDK signs with them; their expiration
     *                       time, if any, is the session's
     * @param sessionName    the RoleSessionName: the (sanitised) id of the request that assumed the session
     * @param assumedRoleArn {@code arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION}
     */
    public StsSessionCredentials(AwsSessionCredentials credentials, String sessionName, String assumedRoleArn) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.sessionName = Objects.requireNonNull(sessionName, "sessionName");
        this.assumedRoleArn = Objects.requireNonNull(assumedRoleArn, "assumedRoleArn");
        this.provider = new ExactCredentialsProvider(credentials);
    }

    /**
     * Resolves to the very credentials object it holds. The SDK's StaticCredentialsProvider hands
     * out a copy (it stamps its provider name on it), so it would not keep that promise.
     */
    private record ExactCredentialsProvider(AwsSessionCredentials credentials) implements AwsCredentialsProvider {
        @Override
        public AwsSessionCredentials resolveCredentials() {
            return credentials;
        }

        @Override
        public String toString() {
            return "ExactCredentialsProvider[accessKeyId=" + credentials.accessKeyId() + "]";
        }
    }

    /** The credentials themselves; hand them only to the SDK client that runs the request. */
    public AwsSessionCredentials credentials() {
        return credentials;
    }

    /** A provider that resolves to exactly {@link #credentials()} (the same object), for a request's override configuration. */
    public AwsCredentialsProvider credentialsProvider() {
        return provider;
    }

    /** The session's access key id ({@code ASIA...}); not a secret, CloudTrail shows it. */
    public String accessKeyId() {
        return credentials.accessKeyId();
    }

    /** The RoleSessionName CloudTrail shows. */
    public String sessionName() {
        return sessionName;
    }

    /** {@code arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION}, as CloudTrail's userIdentity shows it. */
    public String assumedRoleArn() {
        return assumedRoleArn;
    }

    /** When the credentials stop working; empty if STS did not say. */
    public Optional<Instant> expiration() {
        return credentials.expirationTime();
    }

    @Override
    public CredentialsUsed used() {
        return CredentialsUsed.stsSession(assumedRoleArn, sessionName);
    }

    @Override
    public String toString() {
        return "StsSessionCredentials[accessKeyId=" + credentials.accessKeyId() + ", sessionName=" + sessionName
                + ", assumedRoleArn=" + assumedRoleArn + ", expiration=" + expiration().orElse(null)
                + ", secretAccessKey=****, sessionToken=****]";
    }
}
