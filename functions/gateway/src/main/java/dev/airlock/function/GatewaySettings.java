package dev.airlock.function;

import com.nimbusds.jose.jwk.JWKSet;
import dev.airlock.api.McpSettings;
import dev.airlock.identity.IdentityConfig;
import dev.airlock.identity.TokenSettings;
import dev.airlock.jdbc.JdbcTargetLimits;
import dev.airlock.settings.PipelineTunables;
import dev.airlock.settings.Setting;
import dev.airlock.settings.SettingsReader;
import dev.airlock.settings.SharedSettings;
import org.eclipse.microprofile.config.Config;

import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything the gateway function reads from its environment, checked at start-up by the shared
 * {@link SettingsReader}: each problem names the variable to set and what to put in it, and all
 * problems are reported at once. The variables are listed in the README's table.
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
 *   AIRLOCK_AWS_TARGETS                            optional: AWS accounts whose API calls agents make, each
 *                                                  call under its own STS session (docs/aws.md):
 *                                                  {"targets":[{"name","region","accountId","roleArn"}]}
 *   AIRLOCK_APPROVAL_STATE_MACHINE_ARN             optional: the approval workflow (infra/approval-workflow.asl.json)
 *                                                  that held requests start and decisions end
 *   AIRLOCK_PSEUDONYM_KEY_SECRET_ID                optional: secret with the pseudonym key (base64, 32 bytes)
 *   AIRLOCK_MASKING_PHONE_REGION                   optional: region for phone numbers without a country code (US)
 *   AIRLOCK_STATEMENT_TIMEOUT, AIRLOCK_APPROVAL_WAIT, AIRLOCK_MAX_SQL_LENGTH, AIRLOCK_MAX_PARAMS, AIRLOCK_MAX_ROWS
 *                                                  optional: the pipeline's limits ({@link PipelineTunables})
 *   AIRLOCK_MAX_BODY_SIZE                          optional: the largest request body read (10240K), such as 1M
 *   AIRLOCK_MCP_ALLOWED_ORIGINS                    optional: origins a browser-based MCP client may call /mcp from
 *   AIRLOCK_MCP_ALLOWED_HOSTS                      optional: the host names /mcp answers on; any other is refused
 * </pre>
 */
public record GatewaySettings(String auditTable, String approvalsTable, TokenSettings tokens, JWKSet tokenKeys,
                              Optional<String> tokenKmsKeyId, Optional<String> previousTokenKmsKeyId,
                              Optional<IdentityConfig> identity, List<Target> targets,
                              Optional<String> rdsDataTargets, Optional<String> awsTargets,
                              Optional<String> approvalStateMachineArn,
                              Optional<String> pseudonymKeySecretId, String phoneRegion,
                              JdbcTargetLimits targetLimits, PipelineTunables tunables, long maxBodyBytes,
                              McpSettings mcp) {
    private static final Pattern TARGET_NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    static final Setting AUDIT_TABLE = SharedSettings.AUDIT_TABLE;
    static final Setting APPROVALS_TABLE = SharedSettings.APPROVALS_TABLE;
    static final Setting TOKEN_ISSUER = SharedSettings.TOKEN_ISSUER.meaning("the iss claim gateway tokens carry");
    static final Setting TOKEN_AUDIENCE = SharedSettings.TOKEN_AUDIENCE.meaning("the aud claim gateway tokens carry");
    static final Setting TOKEN_KMS_KEY_ID = SharedSettings.TOKEN_KMS_KEY_ID;
    static final Setting PREVIOUS_TOKEN_KMS_KEY_ID = new Setting("airlock.token.previous-kms-key-id",
            "the token KMS key before the last rotation, still trusted");
    static final Setting TOKEN_JWKS = new Setting("airlock.token.jwks",
            "the JWK set (JSON) of the public keys of other token signers");
    static final Setting IDENTITY_CONFIG = new Setting("airlock.identity-config",
            "the JSON of identity.json (docs/identity.md), with \"localBootstrap\": false");
    static final Setting TARGETS = new Setting("airlock.targets",
            "the JDBC target names, comma separated, for example demo");
    static final Setting RDS_DATA_TARGETS = new Setting("airlock.rds-data-targets",
            "the RDS Data API targets (JSON)");
    static final Setting AWS_TARGETS = new Setting("airlock.aws-targets",
            "the AWS account targets (JSON, docs/aws.md)");
    static final Setting APPROVAL_STATE_MACHINE_ARN = new Setting("airlock.approval.state-machine-arn",
            "a Step Functions state machine ARN");
    static final Setting PSEUDONYM_KEY_SECRET_ID = new Setting("airlock.pseudonym-key.secret-id",
            "a Secrets Manager secret holding `openssl rand -base64 32`");
    static final Setting PHONE_REGION = new Setting("airlock.masking.phone-region",
            "the region of phone numbers written without a country code, such as US or GB");
    /** The gateway's application.properties hands it to quarkus.http.limits.max-body-size, which EdgeGuards enforces. */
    static final Setting MAX_BODY_SIZE = new Setting("airlock.max-body-size",
            "the largest request body the gateway reads, such as 1M (default 10240K, from 1K to 10M; Lambda itself "
                    + "takes at most 6M)");
    static final long DEFAULT_MAX_BODY_BYTES = 10_240L * 1024;

    /** The JDBC targets' limits, by the names {@link JdbcTargetLimits} gives them, with its bounds. */
    static final Setting POOL_SIZE = new Setting(JdbcTargetLimits.POOL_SIZE, "connections per database login");
    static final Setting AGENT_CONCURRENCY = new Setting(JdbcTargetLimits.AGENT_CONCURRENCY,
            "statements one agent may run on a target at once");
    static final Setting AGENT_POOL_SHARE = new Setting(JdbcTargetLimits.AGENT_POOL_SHARE,
            "the most of a pool one agent may hold, in percent");
    static final Setting BUSY_WAIT = new Setting(JdbcTargetLimits.BUSY_WAIT, "how long a request waits for its "
            + "share or a connection before it is answered busy, a duration such as 2s or 500ms (at least 250ms)");
    static final Setting MAX_RESPONSE_BYTES = new Setting(JdbcTargetLimits.MAX_RESPONSE_BYTES,
            "the result bytes read before the rest is cut off, such as 8M");
    static final Setting LOCK_TIMEOUT = new Setting(JdbcTargetLimits.LOCK_TIMEOUT,
            "how long a statement waits for a lock, a duration such as 5s");
    static final Setting IDLE_IN_TRANSACTION_TIMEOUT = new Setting(JdbcTargetLimits.IDLE_IN_TRANSACTION_TIMEOUT,
            "how long PostgreSQL lets a transaction sit idle, a duration such as 60s");

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
        return from(SettingsReader.from(name -> config.getOptionalValue(name, String.class),
                config.getPropertyNames()));
    }

    static GatewaySettings from(SettingsReader reader) {
        String audit = reader.required(AUDIT_TABLE);
        String approvals = reader.required(APPROVALS_TABLE);
        String issuer = reader.required(TOKEN_ISSUER);
        String audience = reader.required(TOKEN_AUDIENCE);
        Optional<String> kmsKey = reader.kmsKey(TOKEN_KMS_KEY_ID, false);
        Optional<String> previousKmsKey = reader.kmsKey(PREVIOUS_TOKEN_KMS_KEY_ID, false);
        if (previousKmsKey.isPresent() && kmsKey.isEmpty()) {
            reader.problem(PREVIOUS_TOKEN_KMS_KEY_ID + " is set without " + TOKEN_KMS_KEY_ID
                    + ": set the current key too.");
        }
        JWKSet keys = new JWKSet();
        Optional<String> jwks = reader.optional(TOKEN_JWKS);
        if (jwks.isEmpty() && kmsKey.isEmpty()) {
            reader.problem("Set " + TOKEN_KMS_KEY_ID + " to the KMS key that signs gateway tokens, or "
                    + TOKEN_JWKS + " to the JWK set (JSON) of the public keys that sign them.");
        }
        if (jwks.isPresent()) {
            try {
                keys = JWKSet.parse(jwks.get()).toPublicJWKSet();
                if (keys.getKeys().isEmpty()) {
                    reader.problem(TOKEN_JWKS + " holds no keys: put at least one EC P-256 public key in it.");
                }
            } catch (ParseException e) {
                reader.problem(TOKEN_JWKS + " is not a JWK set: give {\"keys\": [ ...public JWKs... ]}.");
            }
        }
        Optional<IdentityConfig> identity = Optional.empty();
        Optional<String> identityJson = reader.optional(IDENTITY_CONFIG);
        if (identityJson.isPresent()) {
            try {
                IdentityConfig parsed = IdentityConfig.parse(identityJson.get(), IDENTITY_CONFIG.variable());
                if (parsed.localBootstrap()) {
                    reader.problem(IDENTITY_CONFIG + " must say \"localBootstrap\": false: local bootstrap "
                            + "tokens are signed with a local gateway's key file, which the function does not have.");
                }
                if (kmsKey.isEmpty()) {
                    reader.problem(IDENTITY_CONFIG + " is set, but tokens can only be exchanged with a "
                            + "signing key: set " + TOKEN_KMS_KEY_ID + ".");
                }
                identity = Optional.of(parsed);
            } catch (IllegalArgumentException e) {
                reader.problem(e.getMessage());
            }
        }
        Optional<String> rdsDataTargets = reader.optional(RDS_DATA_TARGETS);
        Optional<String> awsTargets = reader.optional(AWS_TARGETS);
        Optional<String> stateMachine = reader.arn(APPROVAL_STATE_MACHINE_ARN, "states", "stateMachine:",
                "arn:aws:states:REGION:ACCOUNT:stateMachine:NAME");
        List<String> names = reader.list(TARGETS);
        if (reader.optional(TARGETS).isEmpty() && rdsDataTargets.isEmpty() && awsTargets.isEmpty()) {
            reader.problem("Set " + TARGETS + " to the JDBC target names, comma separated, for example "
                    + "demo, " + RDS_DATA_TARGETS + " to the RDS Data API targets (JSON), or " + AWS_TARGETS
                    + " to the AWS account targets (JSON).");
        }
        List<Target> targets = new ArrayList<>();
        for (String name : names) {
            if (!TARGET_NAME.matcher(name).matches()) {
                reader.problem("Target name '" + name + "' in " + TARGETS + " must be lower case "
                        + "letters, digits and dashes.");
                continue;
            }
            String prefix = "airlock.target." + name + ".";
            Setting jdbcUrl = new Setting(prefix + "jdbc-url", "its JDBC URL, for example "
                    + "jdbc:postgresql://db.internal:5432/app");
            String url = reader.required(jdbcUrl);
            if (url != null && !url.startsWith("jdbc:postgresql:")) {
                reader.problem(jdbcUrl + " must be a jdbc:postgresql: URL.");
            }
            String secret = reader.required(new Setting(prefix + "secret-id", "the Secrets Manager secret holding "
                    + "its username and password"));
            Optional<String> readSecret = reader.optional(new Setting(prefix + "read-secret-id", "the Secrets "
                    + "Manager secret of its reading login"));
            targets.add(new Target(name, url, secret, readSecret));
        }
        Optional<String> pseudonymKey = reader.optional(PSEUDONYM_KEY_SECRET_ID);
        String phoneRegion = reader.string(PHONE_REGION, "US");
        JdbcTargetLimits targetLimits = targetLimits(reader);
        PipelineTunables tunables = PipelineTunables.read(reader);
        long maxBodyBytes = reader.bytes(MAX_BODY_SIZE, DEFAULT_MAX_BODY_BYTES, 1024, 10L * 1024 * 1024);
        if (tunables.pipeline().maxSqlLength() > maxBodyBytes) {
            reader.problem(PipelineTunables.MAX_SQL_LENGTH + " is " + tunables.pipeline().maxSqlLength()
                    + " characters, more than the " + maxBodyBytes + " bytes of " + MAX_BODY_SIZE
                    + " a request may hold: lower the one or raise the other.");
        }
        McpSettings mcp = McpSettings.read(reader);
        // Read only for the targets AIRLOCK_TARGETS lists: another target's variable is likely one left out of it.
        reader.fixForUnread("AIRLOCK_TARGET_", "list its target in " + TARGETS);
        reader.finish("The gateway function");
        TokenSettings tokenSettings = new TokenSettings(issuer, audience, Duration.ofMinutes(15), Duration.ofHours(1),
                Duration.ofSeconds(30));
        return new GatewaySettings(audit, approvals, tokenSettings, keys, kmsKey, previousKmsKey, identity,
                List.copyOf(targets), rdsDataTargets, awsTargets, stateMachine, pseudonymKey, phoneRegion, targetLimits,
                tunables, maxBodyBytes, mcp);
    }

    /** Each limit bounded as {@link JdbcTargetLimits} bounds it, so that its constructor never refuses them. */
    private static JdbcTargetLimits targetLimits(SettingsReader reader) {
        JdbcTargetLimits d = JdbcTargetLimits.DEFAULTS;
        return new JdbcTargetLimits(
                reader.integer(POOL_SIZE, d.poolSize(), 1, 200),
                reader.integer(AGENT_CONCURRENCY, d.agentConcurrency(), 1, 10_000),
                reader.integer(AGENT_POOL_SHARE, d.agentPoolSharePercent(), 1, 100),
                reader.duration(BUSY_WAIT, d.busyWait(), Duration.ofMillis(250), Duration.ofMinutes(15)),
                reader.bytes(MAX_RESPONSE_BYTES, d.maxResponseBytes(), 1024, 1L << 30),
                reader.duration(LOCK_TIMEOUT, d.lockTimeout(), Duration.ofMillis(1), Duration.ofMinutes(15)),
                reader.duration(IDLE_IN_TRANSACTION_TIMEOUT, d.idleInTransactionTimeout(), Duration.ofMillis(1),
                        Duration.ofHours(1)));
    }
}
