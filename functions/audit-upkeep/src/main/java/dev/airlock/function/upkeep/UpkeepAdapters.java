package dev.airlock.function.upkeep;

import dev.airlock.audit.aws.DynamoDbAuditDigests;
import dev.airlock.audit.aws.DynamoDbAuditLog;
import dev.airlock.audit.aws.DynamoDbAuditReconciler;
import dev.airlock.audit.aws.DynamoDbAuditTrail;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

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

    /** Checked at start-up, so a wrong key fails the function's init with what to fix. */
    @Produces
    @Singleton
    DigestSigningKey digestKey(UpkeepSettings settings, KmsClient kms) {
        DigestSigningKey key = new DigestSigningKey(kms, settings.digestKeyId());
        LOG.infof("Audit upkeep: table %s, grace %s, digests signed with KMS key %s", settings.auditTable(),
                settings.grace(), key.signer().keyId());
        return key;
    }

    @Produces
    @Singleton
    AuditUpkeep upkeep(UpkeepSettings settings, DynamoDbClient dynamo, DigestSigningKey digestKey) {
        Clock clock = Clock.systemUTC();
        DynamoDbAuditReconciler reconciler = new DynamoDbAuditReconciler(
                new DynamoDbAuditTrail(dynamo, settings.auditTable()),
                new DynamoDbAuditLog(dynamo, settings.auditTable()), settings.grace(), clock);
        DynamoDbAuditDigests digests = new DynamoDbAuditDigests(dynamo, settings.auditTable(), clock);
        return new AuditUpkeep(reconciler::reconcile, () -> digests.sign(digestKey.signer()),
                () -> digestKey.signer().keyId());
    }
}
