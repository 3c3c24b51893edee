package dev.airlock.function.upkeep;

import dev.airlock.audit.aws.DynamoDbAuditDigests;
import dev.airlock.audit.aws.DynamoDbAuditLog;
import dev.airlock.audit.aws.DynamoDbAuditReconciler;
import dev.airlock.audit.aws.DynamoDbAuditTrail;
import dev.airlock.audit.aws.KmsDigestSigner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

import java.time.Clock;

/**
 * Wires the audit adapters to AWS for the upkeep function. Region, credentials and endpoints
 * come from the Lambda environment through the SDK's default chain (AWS_ENDPOINT_URL included).
 */
@ApplicationScoped
public class UpkeepAdapters {
    private static final Logger LOG = Logger.getLogger(UpkeepAdapters.class);

    @Produces
    @Singleton
    UpkeepSettings settings(Config config) {
        return UpkeepSettings.from(config);
    }

    /**
     * The signer names the key as KMS does (in AWS its key ARN), not as configured: an alias can
     * later point at another key, and verifiers look digests' keys up by this name. Checked at
     * start-up, so a wrong key fails the function's init with what to fix.
     */
    @Produces
    @Singleton
    KmsDigestSigner signer(UpkeepSettings settings, KmsClient kms) {
        String variable = UpkeepSettings.DIGEST_KEY_ID.variable();
        GetPublicKeyResponse key;
        try {
            key = kms.getPublicKey(b -> b.keyId(settings.digestKeyId()));
        } catch (SdkException e) {
            throw new IllegalStateException(variable + " is " + settings.digestKeyId() + ", which KMS did not give "
                    + "the public key of: check that the key exists in this account and region, and that the "
                    + "function's role may kms:GetPublicKey and kms:Sign with it. KMS said: " + e.getMessage(), e);
        }
        if (key.keyUsage() != null && key.keyUsage() != KeyUsageType.SIGN_VERIFY) {
            throw new IllegalStateException(variable + " is " + settings.digestKeyId() + ", a key for "
                    + key.keyUsageAsString() + "; audit digests need an ECC_NIST_P256 key with key usage SIGN_VERIFY.");
        }
        KmsDigestSigner signer = new KmsDigestSigner(kms, key.keyId());
        try {
            signer.publicKey();
        } catch (IllegalStateException e) {
            throw new IllegalStateException(variable + ": " + e.getMessage(), e);
        }
        LOG.infof("Audit upkeep: table %s, grace %s, digests signed with KMS key %s", settings.auditTable(),
                settings.grace(), signer.keyId());
        return signer;
    }

    @Produces
    @Singleton
    AuditUpkeep upkeep(UpkeepSettings settings, DynamoDbClient dynamo, KmsDigestSigner signer) {
        Clock clock = Clock.systemUTC();
        DynamoDbAuditReconciler reconciler = new DynamoDbAuditReconciler(
                new DynamoDbAuditTrail(dynamo, settings.auditTable()),
                new DynamoDbAuditLog(dynamo, settings.auditTable()), settings.grace(), clock);
        DynamoDbAuditDigests digests = new DynamoDbAuditDigests(dynamo, settings.auditTable(), clock);
        return new AuditUpkeep(reconciler::reconcile, () -> digests.sign(signer), signer.keyId());
    }
}
