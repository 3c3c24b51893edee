package dev.airlock.function;

import com.nimbusds.jose.jwk.JWKSet;
import dev.airlock.identity.IdentityConfig;
import dev.airlock.identity.TokenSettings;
import org.eclipse.microprofile.config.Config;

import java.text.ParseException;
import java.time.Duration;
import dev.airlock.jdbc.JdbcTargetLimits;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything the gateway function reads from its environment, checked at start-up. Each
 * problem names the variable to set and what to put in it; all problems are reported at once.
 *
 * <pre>
 *   AIRLOCK_AUDIT_TABLE, AIRLOCK_APPROVALS_TABLE   DynamoDB table names
 *   AIRLOCK_TOKEN_ISSUER, AIRLOCK_TOKEN_AUDIENCE   what gateway tokens must say
 *   AIRLOCK_TOKEN_KMS_KEY_ID                       KMS key (ECC_NIST_P256, SIGN_VERIFY) that signs the gateway
 *                                                  tokens POST /v1/token issues; without it the function issues none
 *   AIRLOCK_TOKEN_PREVIOUS_KMS_KEY_ID              optional: the key before the last rotation, still trusted
 *   AIRLOCK_TOKEN_JWKS                             public keys (JWK set JSON) of other token signers; required
 *                                                  when there is no KMS key
 *   AIRLOCK_IDENTITY_CONFIG                        optional: who may exchange what for a token, the JSON of
 *                                                  identity.json (docs/identity.md), with "localBootstrap": false
 *   AIRLOCK_TARGETS                                JDBC target names, comma separated, for example "demo"
 *   AIRLOCK_TARGET_&lt;NAME&gt;_JDBC_URL              jdbc:postgresql://host:5432/db
 *   AIRLOCK_TARGET_&lt;NAME&gt;_SECRET_ID             Secrets Manager secret {"username","password"} of the writing login
 *   AIRLOCK_TARGET_&lt;NAME&gt;_READ_SECRET_ID        optional: the reading login's secret (a role that may only
 *                                                  SELECT); without it the writing login also runs reads
 *   AIRLOCK_TARGETS_POOL_SIZE, ..._BUSY_WAIT, ...  optional: how JDBC targets share connections (JdbcTargetLimits)
 *   AIRLOCK_RDS_DATA_TARGETS                       optional: Aurora targets reached through the RDS Data API,
 *                                                  each call under its own STS session (docs/credentials.md):
 *                                                  {"targets":[{"name","kind":"rds-data","clusterArn",
 *                                                  "secretArn","database","roleArn"}]}
 *   AIRLOCK_APPROVAL_STATE_MACHINE_ARN             optional: the approval workflow (infra/approval-workflow.asl.json)
 *                                                  that held requests start and decisions end
 *   AIRLOCK_PSEUDONYM_KEY_SECRET_ID                optional: secret with the pseudonym key (base64, 32 bytes)
 *   AIRLOCK_MASKING_PHONE_REGION                   optional: region for phone numbers without a country code (US)
 * </pre>
 */
public record GatewaySettings(String auditTable, String approvalsTable, TokenSettings tokens, JWKSet tokenKeys,
                              Optional<String> tokenKmsKeyId, Optional<String> previousTokenKmsKeyId,
                              Optional<IdentityConfig> identity, List<Target> targets,
                              Optional<String> rdsDataTargets, Optional<String> approvalStateMachineArn,
                              Optional<String> pseudonymKeySecretId, String phoneRegion,
                              JdbcTargetLimits targetLimits) {
    private static final Pattern TARGET_NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    /**
     * A SQL target reached over JDBC with logins from Secrets Manager: the writing login's
     * secret, and the reading login's when the target has one.
     */
    public record Target(String name, String jdbcUrl, String secretId, Optional<String> readSecretId) {
        public Target(String name, String jdbcUrl, String secretId) {
            this(name, jdbcUrl, secretId, Optional.empty());
        }
    }

    static GatewaySettings from(Config config) {
        List<String> problems = new ArrayList<>();
        String audit = required(config, "airlock.audit-table", "the DynamoDB audit table name", problems);
        String approvals = required(config, "airlock.approvals-table", "the DynamoDB approvals table name", problems);
        String issuer = required(config, "airlock.token.issuer", "the iss claim gateway tokens carry", problems);
        String audience = required(config, "airlock.token.audience", "the aud claim gateway tokens carry", problems);
        Optional<String> kmsKey = optional(config, "airlock.token.kms-key-id");
        Optional<String> previousKmsKey = optional(config, "airlock.token.previous-kms-key-id");
        if (previousKmsKey.isPresent() && kmsKey.isEmpty()) {
            problems.add(env("airlock.token.previous-kms-key-id") + " is set without "
                    + env("airlock.token.kms-key-id") + ": set the current key too.");
        }
        JWKSet keys = new JWKSet();
        Optional<String> jwks = optional(config, "airlock.token.jwks");
        if (jwks.isEmpty() && kmsKey.isEmpty()) {
            problems.add("Set " + env("airlock.token.kms-key-id") + " to the KMS key that signs gateway tokens, or "
                    + env("airlock.token.jwks") + " to the JWK set (JSON) of the public keys that sign them.");
        }
        if (jwks.isPresent()) {
            try {
                keys = JWKSet.parse(jwks.get()).toPublicJWKSet();
                if (keys.getKeys().isEmpty()) {
                    problems.add(env("airlock.token.jwks") + " holds no keys: put at least one EC P-256 public key in it.");
                }
            } catch (ParseException e) {
                problems.add(env("airlock.token.jwks") + " is not a JWK set: give {\"keys\": [ ...public JWKs... ]}.");
            }
        }
        Optional<IdentityConfig> identity = Optional.empty();
        Optional<String> identityJson = optional(config, "airlock.identity-config");
        if (identityJson.isPresent()) {
            try {
                IdentityConfig parsed = IdentityConfig.parse(identityJson.get(), env("airlock.identity-config"));
                if (parsed.localBootstrap()) {
                    problems.add(env("airlock.identity-config") + " must say \"localBootstrap\": false: local bootstrap "
                            + "tokens are signed with a local gateway's key file, which the function does not have.");
                }
                if (kmsKey.isEmpty()) {
                    problems.add(env("airlock.identity-config") + " is set, but tokens can only be exchanged with a "
                            + "signing key: set " + env("airlock.token.kms-key-id") + ".");
                }
                identity = Optional.of(parsed);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        List<Target> targets = new ArrayList<>();
        Optional<String> rdsDataTargets = optional(config, "airlock.rds-data-targets");
        Optional<String> stateMachine = optional(config, "airlock.approval.state-machine-arn");
        if (stateMachine.isPresent() && !stateMachine.get().startsWith("arn:aws:states:")) {
            problems.add(env("airlock.approval.state-machine-arn") + " must be a Step Functions state machine ARN "
                    + "(arn:aws:states:REGION:ACCOUNT:stateMachine:NAME).");
        }
        String names = optional(config, "airlock.targets").orElse(null);
        if (names == null && rdsDataTargets.isEmpty()) {
            problems.add("Set " + env("airlock.targets") + " to the JDBC target names, comma separated, for example "
                    + "demo, or " + env("airlock.rds-data-targets") + " to the RDS Data API targets (JSON).");
        }
        if (names != null) {
            for (String raw : names.split(",")) {
                String name = raw.strip();
                if (name.isEmpty()) {
                    continue;
                }
                if (!TARGET_NAME.matcher(name).matches()) {
                    problems.add("Target name '" + name + "' in " + env("airlock.targets") + " must be lower case "
                            + "letters, digits and dashes.");
                    continue;
                }
                String prefix = "airlock.target." + name + ".";
                String url = required(config, prefix + "jdbc-url", "its JDBC URL, for example "
                        + "jdbc:postgresql://db.internal:5432/app", problems);
                if (url != null && !url.startsWith("jdbc:postgresql:")) {
                    problems.add(env(prefix + "jdbc-url") + " must be a jdbc:postgresql: URL.");
                }
                String secret = required(config, prefix + "secret-id", "the Secrets Manager secret holding its "
                        + "username and password", problems);
                targets.add(new Target(name, url, secret, optional(config, prefix + "read-secret-id")));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The gateway function is not configured:\n  - "
                    + String.join("\n  - ", problems));
        }
        TokenSettings tokenSettings = new TokenSettings(issuer, audience, Duration.ofMinutes(15), Duration.ofHours(1),
                Duration.ofSeconds(30));
        Optional<String> pseudonymKey = config.getOptionalValue("airlock.pseudonym-key.secret-id", String.class)
                .map(String::strip).filter(v -> !v.isEmpty());
        String phoneRegion = config.getOptionalValue("airlock.masking.phone-region", String.class).map(String::strip)
                .orElse("US");
        JdbcTargetLimits targetLimits;
        try {
            targetLimits = JdbcTargetLimits.from(name -> config.getOptionalValue(name, String.class));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The gateway function is not configured:\n  - " + e.getMessage());
        }
        return new GatewaySettings(audit, approvals, tokenSettings, keys, kmsKey, previousKmsKey, identity,
                List.copyOf(targets), rdsDataTargets, stateMachine, pseudonymKey, phoneRegion, targetLimits);
    }

    private static Optional<String> optional(Config config, String property) {
        return config.getOptionalValue(property, String.class).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static String required(Config config, String property, String what, List<String> problems) {
        Optional<String> value = config.getOptionalValue(property, String.class).map(String::strip)
                .filter(v -> !v.isEmpty());
        if (value.isEmpty()) {
            problems.add("Set " + env(property) + " to " + what + ".");
            return null;
        }
        return value.get();
    }

    /** The environment variable MicroProfile Config reads a property from. */
    static String env(String property) {
        return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
