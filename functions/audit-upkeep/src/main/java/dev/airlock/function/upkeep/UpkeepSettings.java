package dev.airlock.function.upkeep;

import dev.airlock.audit.aws.DynamoDbAuditReconciler;
import org.eclipse.microprofile.config.Config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Everything the audit upkeep function reads from its environment, checked at start-up. Each
 * problem names the variable to set and what to put in it; all problems are reported at once.
 *
 * <pre>
 *   AIRLOCK_AUDIT_TABLE           the DynamoDB audit table (default airlock-audit)
 *   AIRLOCK_AUDIT_DIGEST_KEY_ID   the KMS key that signs digests: key id, key ARN, alias/NAME or alias ARN
 *   AIRLOCK_AUDIT_GRACE           how old an open request must be before it is marked OUTCOME_UNKNOWN
 *                                 (ISO-8601 duration, default PT5M; at least the gateway function's timeout)
 * </pre>
 */
public record UpkeepSettings(String auditTable, String digestKeyId, Duration grace) {
    static final String AUDIT_TABLE = "airlock.audit-table";
    static final String DIGEST_KEY_ID = "airlock.audit.digest-key-id";
    static final String GRACE = "airlock.audit.grace";

    static final String DEFAULT_AUDIT_TABLE = "airlock-audit";
    static final Duration DEFAULT_GRACE = Duration.ofMinutes(5);
    /** No gateway function times out sooner than this; a shorter grace is a slip (seconds for minutes). */
    static final Duration MIN_GRACE = Duration.ofMinutes(1);

    static UpkeepSettings from(Config config) {
        List<String> problems = new ArrayList<>();
        String table = optional(config, AUDIT_TABLE).orElse(DEFAULT_AUDIT_TABLE);
        String keyId = optional(config, DIGEST_KEY_ID).orElse(null);
        if (keyId == null) {
            problems.add("Set " + env(DIGEST_KEY_ID) + " to the KMS key that signs audit digests: its key id, key "
                    + "ARN or alias (alias/airlock-audit-digest), an asymmetric ECC_NIST_P256 key with key usage "
                    + "SIGN_VERIFY, for example one made with `aws kms create-key --key-spec ECC_NIST_P256 "
                    + "--key-usage SIGN_VERIFY`.");
        } else if (keyId.chars().anyMatch(Character::isWhitespace)) {
            problems.add(env(DIGEST_KEY_ID) + " holds spaces: give one KMS key id, key ARN or alias.");
        }
        Duration grace = DEFAULT_GRACE;
        Optional<String> configuredGrace = optional(config, GRACE);
        if (configuredGrace.isPresent()) {
            grace = null;
            String why = "; it must be at least the gateway function's Lambda timeout, or requests still running "
                    + "are marked OUTCOME_UNKNOWN (default PT5M)";
            try {
                grace = Duration.parse(configuredGrace.get());
            } catch (DateTimeParseException e) {
                problems.add(env(GRACE) + " is '" + configuredGrace.get() + "', not an ISO-8601 duration: give one "
                        + "such as PT5M or PT15M" + why + ".");
            }
            if (grace != null && grace.compareTo(MIN_GRACE) < 0) {
                problems.add(env(GRACE) + " is " + grace + ", shorter than " + MIN_GRACE + why + ".");
                grace = null;
            } else if (grace != null && grace.compareTo(DynamoDbAuditReconciler.LOOKBACK) >= 0) {
                problems.add(env(GRACE) + " is " + grace + ", but the reconciler looks back only "
                        + DynamoDbAuditReconciler.LOOKBACK.toDays() + " days, so it would never mark anything: give "
                        + "a duration such as PT5M" + why + ".");
                grace = null;
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The audit upkeep function is not configured:\n  - "
                    + String.join("\n  - ", problems));
        }
        return new UpkeepSettings(table, keyId, grace);
    }

    private static Optional<String> optional(Config config, String property) {
        return config.getOptionalValue(property, String.class).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** The environment variable MicroProfile Config reads a property from. */
    static String env(String property) {
        return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
