package dev.airlock.function.upkeep;

import dev.airlock.audit.aws.DynamoDbAuditReconciler;
import dev.airlock.settings.Setting;
import dev.airlock.settings.SettingsReader;
import dev.airlock.settings.SharedSettings;
import org.eclipse.microprofile.config.Config;

import java.time.Duration;

/**
 * Everything the audit upkeep function reads from its environment, checked at start-up by the
 * shared {@link SettingsReader}: each problem names the variable to set and what to put in it,
 * and all problems are reported at once. The variables are listed in the README's table.
 *
 * <pre>
 *   AIRLOCK_AUDIT_TABLE           the DynamoDB audit table (default airlock-audit)
 *   AIRLOCK_AUDIT_DIGEST_KEY_ID   the KMS key that signs digests: key id, key ARN, alias/NAME or alias ARN
 *   AIRLOCK_AUDIT_GRACE           how old an open request must be before it is marked OUTCOME_UNKNOWN
 *                                 (ISO-8601 or 5m form, default PT5M; at least the gateway function's timeout)
 * </pre>
 */
public record UpkeepSettings(String auditTable, String digestKeyId, Duration grace) {
    static final Setting DIGEST_KEY_ID = new Setting("airlock.audit.digest-key-id", "the KMS key that signs audit "
            + "digests: its key id, key ARN or alias (alias/airlock-audit-digest), an asymmetric ECC_NIST_P256 key with "
            + "key usage SIGN_VERIFY, for example one made with `aws kms create-key --key-spec ECC_NIST_P256 "
            + "--key-usage SIGN_VERIFY`");
    private static final String GRACE_WHY = "; it must be at least the gateway function's Lambda timeout, or requests "
            + "still running are marked OUTCOME_UNKNOWN (default PT5M)";
    static final Setting GRACE = new Setting("airlock.audit.grace", "how old an open request must be before it is "
            + "marked OUTCOME_UNKNOWN, such as PT5M or PT15M" + GRACE_WHY);

    static final String DEFAULT_AUDIT_TABLE = SharedSettings.DEFAULT_AUDIT_TABLE;
    static final Duration DEFAULT_GRACE = Duration.ofMinutes(5);
    /** No gateway function times out sooner than this; a shorter grace is a slip (seconds for minutes). */
    static final Duration MIN_GRACE = Duration.ofMinutes(1);

    static UpkeepSettings from(Config config) {
        return from(SettingsReader.from(name -> config.getOptionalValue(name, String.class),
                config.getPropertyNames()));
    }

    static UpkeepSettings from(SettingsReader reader) {
        String table = reader.string(SharedSettings.AUDIT_TABLE, DEFAULT_AUDIT_TABLE);
        String keyId = reader.kmsKey(DIGEST_KEY_ID, true).orElse(null);
        Duration grace = reader.duration(GRACE, DEFAULT_GRACE, MIN_GRACE, null);
        if (grace.compareTo(DynamoDbAuditReconciler.LOOKBACK) >= 0) {
            reader.problem(GRACE.variable() + " is " + grace + ", but the reconciler looks back only "
                    + DynamoDbAuditReconciler.LOOKBACK.toDays() + " days, so it would never mark anything: give "
                    + "a duration such as PT5M" + GRACE_WHY + ".");
        }
        reader.finish("The audit upkeep function");
        return new UpkeepSettings(table, keyId, grace);
    }
}
