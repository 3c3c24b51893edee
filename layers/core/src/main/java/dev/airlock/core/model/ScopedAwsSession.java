package dev.airlock.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Temporary AWS credentials from an STS session assumed for a request, scoped by its session
 * policy to exactly what the request needs. {@link #toString()} never shows the secret key or
 * the session token.
 *
 * @param accessKeyId     the session's access key id ({@code ASIA...}); not a secret, CloudTrail shows it
 * @param secretAccessKey the session's secret key
 * @param sessionToken    the session token
 * @param sessionName     the RoleSessionName: the id of the request that assumed the session
 * @param assumedRoleArn  {@code arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION}
 * @param expiration      when the credentials stop working; null if STS did not say
 */
public record ScopedAwsSession(String accessKeyId, Secret secretAccessKey, Secret sessionToken, String sessionName,
                               String assumedRoleArn, Instant expiration) implements TargetCredentials {
    public ScopedAwsSession {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(sessionToken, "sessionToken");
        Objects.requireNonNull(sessionName, "sessionName");
        Objects.requireNonNull(assumedRoleArn, "assumedRoleArn");
    }

    @Override
    public CredentialsUsed used() {
        return CredentialsUsed.stsSession(assumedRoleArn, sessionName);
    }

    @Override
    public String toString() {
        return "ScopedAwsSession[accessKeyId=" + accessKeyId + ", sessionName=" + sessionName + ", assumedRoleArn="
                + assumedRoleArn + ", expiration=" + expiration + ", secretAccessKey=****, sessionToken=****]";
    }
}
