package dev.airlock.infra;

import dev.airlock.settings.Setting;
import dev.airlock.settings.SharedSettings;

/**
 * The environment variables the stack sets, by the names the functions read. The shared ones come
 * from {@link SharedSettings}; the others are declared package-private in each function's
 * {@code *Settings} class (GatewaySettings, UpkeepSettings, NotifierSettings), so their property
 * names are repeated here and turned into variables the same way. The wiring test in
 * integration-tests checks each function's environment against what the function reads.
 */
final class FunctionVariables {
    static final String AUDIT_TABLE = SharedSettings.AUDIT_TABLE.variable();
    static final String APPROVALS_TABLE = SharedSettings.APPROVALS_TABLE.variable();
    static final String TOKEN_ISSUER = SharedSettings.TOKEN_ISSUER.variable();
    static final String TOKEN_AUDIENCE = SharedSettings.TOKEN_AUDIENCE.variable();
    static final String TOKEN_KMS_KEY_ID = SharedSettings.TOKEN_KMS_KEY_ID.variable();

    /** GatewaySettings.PREVIOUS_TOKEN_KMS_KEY_ID */
    static final String PREVIOUS_TOKEN_KMS_KEY_ID = Setting.variable("airlock.token.previous-kms-key-id");
    /** GatewaySettings.IDENTITY_CONFIG */
    static final String IDENTITY_CONFIG = Setting.variable("airlock.identity-config");
    /** GatewaySettings.RDS_DATA_TARGETS */
    static final String RDS_DATA_TARGETS = Setting.variable("airlock.rds-data-targets");
    /** GatewaySettings.AWS_TARGETS */
    static final String AWS_TARGETS = Setting.variable("airlock.aws-targets");
    /** GatewaySettings.APPROVAL_STATE_MACHINE_ARN */
    static final String APPROVAL_STATE_MACHINE_ARN = Setting.variable("airlock.approval.state-machine-arn");

    /** GatewaySettings.PSEUDONYM_KEY_SECRET_ID */
    static final String PSEUDONYM_KEY_SECRET_ID = Setting.variable("airlock.pseudonym-key.secret-id");

    /** UpkeepSettings.DIGEST_KEY_ID */
    static final String AUDIT_DIGEST_KEY_ID = Setting.variable("airlock.audit.digest-key-id");

    /** NotifierSettings.PUBLIC_URL */
    static final String PUBLIC_URL = Setting.variable("airlock.public-url");
    /** NotifierSettings.APPROVAL_SENDER */
    static final String APPROVAL_SENDER = Setting.variable("airlock.approval-sender");

    private FunctionVariables() {
    }
}
