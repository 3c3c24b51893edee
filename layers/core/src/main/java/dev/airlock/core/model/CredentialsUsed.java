package dev.airlock.core.model;

import java.util.Objects;
import java.util.Optional;

/**
 * Which credentials ran a request, as the audit record keeps it: never a secret, only what
 * identifies the credentials in the target's own logs.
 *
 * @param kind        {@link #DATABASE_LOGIN} or {@link #AWS_STS_SESSION}
 * @param principal   the database user, or the assumed-role ARN
 *                    ({@code arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION}) CloudTrail shows as
 *                    {@code userIdentity.arn}
 * @param sessionName for an STS session, its RoleSessionName: the id of the request that assumed
 *                    it, which differs from the current request's id when a cached session was reused
 */
public record CredentialsUsed(String kind, String principal, Optional<String> sessionName) {
    public static final String DATABASE_LOGIN = "database-login";
    public static final String AWS_STS_SESSION = "aws-sts-session";

    public CredentialsUsed {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(sessionName, "sessionName");
    }

    public static CredentialsUsed databaseUser(String username) {
        return new CredentialsUsed(DATABASE_LOGIN, username, Optional.empty());
    }

    public static CredentialsUsed stsSession(String assumedRoleArn, String sessionName) {
        return new CredentialsUsed(AWS_STS_SESSION, assumedRoleArn, Optional.of(sessionName));
    }
}
