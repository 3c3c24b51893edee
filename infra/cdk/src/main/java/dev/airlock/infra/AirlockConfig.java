package dev.airlock.infra;

import software.constructs.Node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads the deployment from CDK context ({@code cdk deploy -c airlock:tokenIssuer=...}), the
 * only place the app reads it. Each error names the context key to set. Paths are read relative
 * to the folder {@code cdk} runs in (infra/cdk).
 */
public final class AirlockConfig {
    public static final String TOKEN_ISSUER = "airlock:tokenIssuer";
    public static final String TOKEN_AUDIENCE = "airlock:tokenAudience";
    public static final String IDENTITY_CONFIG = "airlock:identityConfig";
    public static final String AWS_TARGETS = "airlock:awsTargets";
    public static final String RDS_DATA_TARGETS = "airlock:rdsDataTargets";
    public static final String PREVIOUS_TOKEN_KMS_KEY_ARN = "airlock:previousTokenKmsKeyArn";
    public static final String PSEUDONYM_KEY_SECRET_ARN = "airlock:pseudonymKeySecretArn";
    public static final String DOMAIN_NAME = "airlock:domainName";
    public static final String CERTIFICATE_ARN = "airlock:certificateArn";
    public static final String THROTTLE_RATE = "airlock:throttleRate";
    public static final String THROTTLE_BURST = "airlock:throttleBurst";
    public static final String STACK_NAME = "airlock:stackName";
    public static final String TOKEN_KEY_GENERATION = "airlock:tokenKeyGeneration";
    public static final String DIGEST_KEY_GENERATION = "airlock:digestKeyGeneration";

    /** Set to synthesize the target account's stack instead of the gateway's. */
    public static final String GATEWAY_ROLE_ARN = "airlock:gatewayRoleArn";
    public static final String TARGET_ROLE_NAME = "airlock:targetRoleName";
    public static final String RDS_CLUSTER_ARN = "airlock:rdsClusterArn";
    public static final String RDS_SECRET_ARN = "airlock:rdsSecretArn";
    /** Optional: the secret of a database user that may only SELECT, which reads log in as. */
    public static final String RDS_READ_SECRET_ARN = "airlock:rdsReadSecretArn";
    public static final String TARGET_MANAGED_POLICIES = "airlock:targetManagedPolicies";
    public static final String DEFAULT_TARGET_ROLE_NAME = "airlock-gateway-target";

    private final Node node;

    private AirlockConfig(Node node) {
        this.node = node;
    }

    /** The gateway stack's props from the context of {@code scope} (the App). */
    public static AirlockStackProps fromContext(software.constructs.Construct scope) {
        AirlockConfig c = new AirlockConfig(scope.getNode());
        String issuer = c.text(TOKEN_ISSUER);
        if (issuer == null) {
            throw new IllegalArgumentException("Set the context key " + TOKEN_ISSUER + " to the iss claim of gateway "
                    + "tokens, such as -c " + TOKEN_ISSUER + "=https://airlock.example.com (docs/deploy.md).");
        }
        String aws = c.file(AWS_TARGETS, "the AWS account targets (docs/aws.md)");
        String rds = c.file(RDS_DATA_TARGETS, "the RDS Data API targets (docs/credentials.md)");
        if (aws == null && rds == null) {
            throw new IllegalArgumentException("Set the context key " + AWS_TARGETS + " or " + RDS_DATA_TARGETS
                    + " to the path of a targets JSON file: the gateway needs at least one target (docs/deploy.md).");
        }
        return AirlockStackProps.builder()
                .tokenIssuer(issuer)
                .tokenAudience(c.text(TOKEN_AUDIENCE))
                .identityConfigJson(c.file(IDENTITY_CONFIG, "identity.json with the trusted OIDC issuers and AWS "
                        + "roles (docs/identity.md), \"localBootstrap\": false"))
                .awsTargetsJson(aws)
                .rdsDataTargetsJson(rds)
                .previousTokenKmsKeyArn(c.text(PREVIOUS_TOKEN_KMS_KEY_ARN))
                .pseudonymKeySecretArn(c.text(PSEUDONYM_KEY_SECRET_ARN))
                .domainName(c.text(DOMAIN_NAME))
                .certificateArn(c.text(CERTIFICATE_ARN))
                .throttleRate(c.number(THROTTLE_RATE))
                .throttleBurst(c.number(THROTTLE_BURST))
                .tokenKeyGeneration(c.number(TOKEN_KEY_GENERATION))
                .digestKeyGeneration(c.number(DIGEST_KEY_GENERATION))
                .build();
    }

    /** The target account stack's props, when {@value #GATEWAY_ROLE_ARN} is set. */
    public static AirlockTargetRole.Props targetAccountFromContext(software.constructs.Construct scope) {
        AirlockConfig c = new AirlockConfig(scope.getNode());
        String cluster = c.text(RDS_CLUSTER_ARN);
        String secret = c.text(RDS_SECRET_ARN);
        String readSecret = c.text(RDS_READ_SECRET_ARN);
        if ((cluster == null) != (secret == null) || (readSecret != null && cluster == null)) {
            throw new IllegalArgumentException("An RDS Data API target needs both context keys " + RDS_CLUSTER_ARN
                    + " (the Aurora cluster ARN) and " + RDS_SECRET_ARN + " (the secret ARN of its login); "
                    + RDS_READ_SECRET_ARN + " (a user that may only SELECT) goes with them.");
        }
        String policies = c.text(TARGET_MANAGED_POLICIES);
        String roleName = c.text(TARGET_ROLE_NAME);
        return AirlockTargetAccountStack.props(c.text(GATEWAY_ROLE_ARN),
                roleName == null ? DEFAULT_TARGET_ROLE_NAME : roleName,
                cluster == null ? List.of() : List.of(new AirlockTargetRole.RdsDataTarget(cluster, secret,
                        Optional.ofNullable(readSecret))),
                policies == null ? List.of() : Arrays.stream(policies.split(",")).map(String::strip)
                        .filter(s -> !s.isEmpty()).toList());
    }

    static boolean wantsTargetAccount(software.constructs.Construct scope) {
        return new AirlockConfig(scope.getNode()).text(GATEWAY_ROLE_ARN) != null;
    }

    static String stackName(software.constructs.Construct scope, String fallback) {
        String name = new AirlockConfig(scope.getNode()).text(STACK_NAME);
        return name == null ? fallback : name;
    }

    private String text(String key) {
        Object value = node.tryGetContext(key);
        if (value == null) {
            return null;
        }
        String text = value.toString().strip();
        return text.isEmpty() ? null : text;
    }

    private Integer number(String key) {
        String text = text(key);
        if (text == null) {
            return null;
        }
        try {
            return (int) Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The context key " + key + " is '" + text + "': give a whole number.");
        }
    }

    private String file(String key, String what) {
        String path = text(key);
        if (path == null) {
            return null;
        }
        Path file = Path.of(path).toAbsolutePath();
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("The context key " + key + " names " + file + ", which cannot be read: "
                    + "give the path of " + what + ".", e);
        }
    }
}
