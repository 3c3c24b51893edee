package dev.airlock.function;

import dev.airlock.aws.DynamoDbApprovalQueue;
import dev.airlock.aws.DynamoDbAuditLog;
import dev.airlock.aws.SecretsManagerCredentialBroker;
import dev.airlock.aws.SecretsManagerKeyMaterial;
import dev.airlock.core.model.MaskStrategy;
import dev.airlock.core.port.ApprovalQueue;
import dev.airlock.core.port.AuditLog;
import dev.airlock.core.port.CredentialBroker;
import dev.airlock.core.port.ResponseMasker;
import dev.airlock.core.port.SqlTargets;
import dev.airlock.core.port.TokenVerifier;
import dev.airlock.identity.GatewayPublicKeys;
import dev.airlock.identity.JwtTokenVerifier;
import dev.airlock.jdbc.JdbcSqlTarget;
import dev.airlock.masking.MaskingEngine;
import dev.airlock.masking.PseudonymKey;
import dev.airlock.policy.CedarPolicyEngine;
import dev.airlock.policy.PolicyBundle;
import dev.airlock.policy.PolicyLoadException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Wires the plain-Java ports to AWS for the Lambda function. Region, credentials and endpoints
 * come from the Lambda environment through the SDK's default chain (AWS_ENDPOINT_URL included).
 */
@ApplicationScoped
public class LambdaAdapters {

    @Produces
    @Singleton
    GatewaySettings settings(Config config) {
        return GatewaySettings.from(config);
    }

    @Produces
    @Singleton
    DynamoDbClient dynamo() {
        return DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Produces
    @Singleton
    SecretsManagerClient secrets() {
        return SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Produces
    @Singleton
    TokenVerifier tokens(GatewaySettings settings) {
        return new JwtTokenVerifier(settings.tokenKeys(), settings.tokens(), Clock.systemUTC());
    }

    /**
     * Published at /.well-known/jwks.json. The function does not exchange tokens yet: it has no
     * signing key of its own until tokens are signed with KMS, so POST /v1/token answers 404.
     */
    @Produces
    @Singleton
    GatewayPublicKeys publicKeys(GatewaySettings settings) {
        return new GatewayPublicKeys(settings.tokenKeys());
    }

    /** Pseudonyms need the deployment's key; policies that ask for them without one stop start-up. */
    @Produces
    @Singleton
    ResponseMasker masker(GatewaySettings settings, SecretsManagerClient secrets, CedarPolicyEngine policy) {
        MaskingEngine.Builder engine = MaskingEngine.builder();
        try {
            engine.phoneRegion(settings.phoneRegion());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(GatewaySettings.env("airlock.masking.phone-region") + ": " + e.getMessage());
        }
        if (settings.pseudonymKeySecretId().isPresent()) {
            engine.pseudonymKey(PseudonymKey.of(
                    SecretsManagerKeyMaterial.fetch(secrets, settings.pseudonymKeySecretId().get())));
        } else {
            List<String> asking = policy.policiesMaskingWith(MaskStrategy.PSEUDONYM);
            if (!asking.isEmpty()) {
                throw new IllegalStateException("Policies " + asking + " mask with pseudonyms, but the function has "
                        + "no key: set " + GatewaySettings.env("airlock.pseudonym-key.secret-id") + " to a Secrets "
                        + "Manager secret holding `openssl rand -base64 32`.");
            }
        }
        return engine.build();
    }

    @Produces
    @Singleton
    CedarPolicyEngine policy() {
        try {
            return CedarPolicyEngine.load(PolicyBundle.fromClasspath("policies"));
        } catch (PolicyLoadException e) {
            throw new IllegalStateException("The packaged policies cannot be used: " + e.getMessage(), e);
        }
    }

    @Produces
    @Singleton
    SqlTargets targets(GatewaySettings settings) {
        return SqlTargets.of(settings.targets().stream()
                .map(t -> new JdbcSqlTarget(t.name(), t.jdbcUrl())).toList());
    }

    void close(@Disposes SqlTargets targets) {
        targets.close();
    }

    @Produces
    @Singleton
    CredentialBroker credentials(GatewaySettings settings, SecretsManagerClient secrets) {
        Map<String, String> secretIds = settings.targets().stream()
                .collect(Collectors.toMap(GatewaySettings.Target::name, GatewaySettings.Target::secretId));
        return new SecretsManagerCredentialBroker(secrets, secretIds, SecretsManagerCredentialBroker.DEFAULT_CACHE_TTL,
                Clock.systemUTC());
    }

    @Produces
    @Singleton
    AuditLog audit(GatewaySettings settings, DynamoDbClient dynamo) {
        return new DynamoDbAuditLog(dynamo, settings.auditTable());
    }

    @Produces
    @Singleton
    ApprovalQueue approvals(GatewaySettings settings, DynamoDbClient dynamo) {
        return new DynamoDbApprovalQueue(dynamo, settings.approvalsTable());
    }
}
