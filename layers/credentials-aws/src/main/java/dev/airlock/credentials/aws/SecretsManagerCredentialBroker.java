package dev.airlock.credentials.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.DatabaseLogin;
import dev.airlock.core.model.Secret;
import dev.airlock.core.model.TargetCredentials;
import dev.airlock.core.port.CredentialBroker;
import dev.airlock.core.port.TargetUnavailableException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Database logins from Secrets Manager secrets in the RDS format
 * ({@code {"username": ..., "password": ...}}): per target the writing login's secret and,
 * where the target has one, the reading login's, which reads run as. Cached briefly so a rotated
 * password is picked up within minutes.
 */
public final class SecretsManagerCredentialBroker implements CredentialBroker {
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretsManagerClient secrets;
    private final Map<String, String> secretIdByTarget;
    private final Map<String, String> readSecretIdByTarget;
    private final Duration cacheTtl;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(DatabaseLogin login, Instant fetchedAt) {
    }

    public SecretsManagerCredentialBroker(SecretsManagerClient secrets, Map<String, String> secretIdByTarget,
                                          Duration cacheTtl, Clock clock) {
        this(secrets, secretIdByTarget, Map.of(), cacheTtl, clock);
    }

    public SecretsManagerCredentialBroker(SecretsManagerClient secrets, Map<String, String> secretIdByTarget,
                                          Map<String, String> readSecretIdByTarget, Duration cacheTtl, Clock clock) {
        this.secrets = secrets;
        this.secretIdByTarget = Map.copyOf(secretIdByTarget);
        this.readSecretIdByTarget = Map.copyOf(readSecretIdByTarget);
        this.cacheTtl = cacheTtl;
        this.clock = clock;
    }

    @Override
    public TargetCredentials credentialsFor(String target, AgentIdentity agent, String requestId)
            throws TargetUnavailableException {
        return login(target, secretIdByTarget.get(target), target);
    }

    /** Reads run as the target's reading login where it has one. */
    @Override
    public TargetCredentials credentialsFor(String target, AgentIdentity agent, String requestId, Access access)
            throws TargetUnavailableException {
        String readSecretId = readSecretIdByTarget.get(target);
        if (access == Access.READ && readSecretId != null) {
            return login(target, readSecretId, target + "#read");
        }
        return credentialsFor(target, agent, requestId);
    }

    private DatabaseLogin login(String target, String secretId, String cacheKey) throws TargetUnavailableException {
        if (secretId == null) {
            throw new TargetUnavailableException("Target '" + target + "' has no credentials configured.", null);
        }
        Instant now = clock.instant();
        Cached cached = cache.get(cacheKey);
        if (cached != null && cached.fetchedAt().plus(cacheTtl).isAfter(now)) {
            return cached.login();
        }
        DatabaseLogin login = fetch(target, secretId);
        cache.put(cacheKey, new Cached(login, now));
        return login;
    }

    private DatabaseLogin fetch(String target, String secretId) throws TargetUnavailableException {
        String secretString;
        try {
            secretString = secrets.getSecretValue(b -> b.secretId(secretId)).secretString();
        } catch (SdkException e) {
            throw new TargetUnavailableException("The credentials for target '" + target
                    + "' cannot be fetched right now.", null);
        }
        try {
            JsonNode secret = JSON.readTree(secretString == null ? "" : secretString);
            String username = secret.path("username").asText("");
            String password = secret.path("password").asText("");
            if (username.isEmpty() || password.isEmpty()) {
                throw new IOException("missing username or password");
            }
            return new DatabaseLogin(username, Secret.of(password));
        } catch (IOException e) {
            // Never echo the secret, or the parser's view of it.
            throw new TargetUnavailableException("The secret for target '" + target
                    + "' is not a JSON object with username and password.", null);
        }
    }
}
