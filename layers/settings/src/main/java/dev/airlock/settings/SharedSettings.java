package dev.airlock.settings;

/**
 * The settings more than one function reads, declared once so that every function names and
 * defaults them alike. A function may word the meaning for its own use
 * ({@link Setting#meaning(String)}); the variable stays the same.
 *
 * <p>Region, credentials, endpoints and log levels are not Airlock settings: the AWS SDK reads
 * AWS_REGION and AWS_ENDPOINT_URL(_SERVICE), Quarkus reads QUARKUS_LOG_LEVEL.
 */
public final class SharedSettings {
    public static final Setting AUDIT_TABLE = new Setting("airlock.audit-table", "the DynamoDB audit table name");
    public static final Setting APPROVALS_TABLE = new Setting("airlock.approvals-table",
            "the DynamoDB approvals table name");
    public static final Setting TOKEN_ISSUER = new Setting("airlock.token.issuer",
            "the iss claim of gateway tokens and approval links, the same in every function");
    public static final Setting TOKEN_AUDIENCE = new Setting("airlock.token.audience",
            "the aud claim of gateway tokens, the same in every function");
    public static final Setting TOKEN_KMS_KEY_ID = new Setting("airlock.token.kms-key-id",
            "the KMS key (ECC_NIST_P256, SIGN_VERIFY) that signs gateway tokens and approval links: key id, key ARN "
                    + "or alias");

    public static final String DEFAULT_AUDIT_TABLE = "airlock-audit";
    public static final String DEFAULT_APPROVALS_TABLE = "airlock-approvals";
    public static final String DEFAULT_TOKEN_AUDIENCE = "airlock-gateway";

    private SharedSettings() {
    }
}
