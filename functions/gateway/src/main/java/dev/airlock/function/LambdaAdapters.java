package dev.airlock.function;

import dev.airlock.api.McpSettings;
import dev.airlock.awsapi.AwsAccount;
import dev.airlock.awsapi.AwsTargetsConfig;
import dev.airlock.awsapi.engine.AwsEngine;
import dev.airlock.targets.awsapi.SigV4AwsSender;
import dev.airlock.targets.awsapi.StsCallCredentialBroker;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

import dev.airlock.aws.support.AwsClients;
import dev.airlock.approvals.aws.ApprovalTaskTokens;
import dev.airlock.approvals.aws.DynamoDbApprovalStore;
import dev.airlock.audit.aws.DynamoDbAuditLog;
import dev.airlock.identity.aws.DynamoDbRevocations;
import dev.airlock.identity.aws.DynamoDbTradedRequests;
import dev.airlock.approvals.aws.DynamoDbUsedLinks;
import dev.airlock.targets.rdsdata.RdsDataSqlTarget;
import dev.airlock.targets.rdsdata.RdsDataTargetsConfig;
import dev.airlock.credentials.aws.SecretsManagerCredentialBroker;
import dev.airlock.identity.aws.SecretsManagerKeyMaterial;
import dev.airlock.approvals.aws.StepFunctionsApprovalWorkflow;
import dev.airlock.credentials.aws.StsCredentialBroker;
import dev.airlock.targets.rdsdata.StsTargetCredentialBroker;
import dev.airlock.core.model.MaskStrategy;
import dev.airlock.core.pipeline.PipelineSettings;
import dev.airlock.core.port.ApprovalStore;
import dev.airlock.core.port.ApprovalWorkflow;
import dev.airlock.core.port.ApproverDirectory;
import dev.airlock.core.port.AuditLog;
import dev.airlock.core.port.CredentialBroker;
import dev.airlock.core.port.ResponseMasker;
import dev.airlock.core.port.SqlTarget;
import dev.airlock.core.targets.Target;
import dev.airlock.core.targets.Targets;
import dev.airlock.sql.engine.SqlEngine;
import dev.airlock.core.port.TokenVerifier;
import dev.airlock.identity.ApprovalLinkTokens;
import dev.airlock.identity.GatewayPublicKeys;
import dev.airlock.identity.GatewayTokenIssuer;
import dev.airlock.identity.JwtTokenVerifier;
import dev.airlock.identity.RevocationCheckingVerifier;
import dev.airlock.identity.Revocations;
import dev.airlock.identity.TokenExchange;
import dev.airlock.jdbc.JdbcSqlTarget;
import dev.airlock.masking.MaskingEngine;
import dev.airlock.masking.PseudonymKey;
import dev.airlock.policy.CedarPolicyEngine;
import dev.airlock.policy.EntityApproverDirectory;
import dev.airlock.policy.PolicyBundle;
import dev.airlock.policy.PolicyLoadException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.rdsdata.RdsDataClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sts.StsClient;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Wires the plain-Java ports to AWS for the Lambda function. Region, credentials and endpoints
 * come from the Lambda environment through the SDK's default chain (AWS_ENDPOINT_URL included).
 */
@ApplicationScoped
public class LambdaAdapters {
    // Built on first use and kept: Instance<TokenExchange> asks the dependent producer each time.
    private volatile TokenExchange exchange;
    private volatile ApprovalWorkflow workflow;
    private volatile ApprovalLinkTokens approvalLinks;
    // The JDBC targets, whose pooled connections a SnapStart restore leaves pointing at nothing.
    private final List<JdbcSqlTarget> jdbcTargets = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Produces
    @Singleton
    GatewaySettings settings(Config config) {
        return GatewaySettings.from(config);
    }

    /** Who may reach /mcp, from the function's checked settings. */
    @Produces
    @Singleton
    McpSettings mcpSettings(GatewaySettings settings) {
        return settings.mcp();
    }

    /** The pipeline's limits as the function's settings give them (the defaults where unset). */
    @Produces
    @Singleton
    PipelineSettings pipelineSettings(GatewaySettings settings) {
        return settings.tunables().pipeline();
    }

    @Produces
    @Singleton
    SecretsManagerClient secrets() {
        return AwsClients.create(SecretsManagerClient.builder());
    }

    /** Revocations live in the audit table, so an operator's revoke reaches every instance within seconds. */
    @Produces
    @Singleton
    Revocations revocations(GatewaySettings settings, DynamoDbClient dynamo) {
        return new DynamoDbRevocations(dynamo, settings.auditTable(), Clock.systemUTC());
    }

    @Produces
    @Singleton
    TokenVerifier tokens(GatewaySettings settings, GatewayPublicKeys keys, Revocations revocations) {
        return new RevocationCheckingVerifier(new JwtTokenVerifier(keys, settings.tokens(), Clock.systemUTC()),
                revocations);
    }

    /**
     * The KMS keys that sign and verify tokens, read at start-up (a key of the wrong kind stops
     * the function) and again after a SnapStart restore (SnapStartRestoreHooks).
     */
    @Produces
    @Singleton
    KmsTokenKeys tokenKeys(GatewaySettings settings, Instance<KmsClient> kms) {
        return new KmsTokenKeys(kms::get, settings.tokenKmsKeyId(), settings.previousTokenKmsKeyId(),
                settings.tokenKeys());
    }

    /**
     * Published at /.well-known/jwks.json: the KMS key that signs tokens now, the one before the
     * last rotation (tokens it signed stay valid), and any keys of other signers the operator
     * listed; as last read, so a restored copy follows a rotation.
     */
    @Produces
    @Singleton
    GatewayPublicKeys publicKeys(KmsTokenKeys tokenKeys) {
        return new GatewayPublicKeys(tokenKeys::published);
    }

    /**
     * POST /v1/token, when the function has a KMS key to sign with and an identity config
     * saying who may exchange what; otherwise none, and the endpoint answers 404.
     */
    @Produces
    @Dependent
    TokenExchange tokenExchange(GatewaySettings settings, KmsTokenKeys tokenKeys, GatewayPublicKeys keys,
                                Revocations revocations, PolicyBundle policies, DynamoDbClient dynamo) {
        if (settings.tokenKmsKeyId().isEmpty() || settings.identity().isEmpty()) {
            return null;
        }
        TokenExchange exchange = this.exchange;
        if (exchange == null) {
            List<String> declared;
            try {
                declared = policies.agentIds();
            } catch (PolicyLoadException e) {
                throw new IllegalStateException("The packaged policies cannot be used: " + e.getMessage(), e);
            }
            List<String> undeclared = settings.identity().get().ruleAgents().stream()
                    .filter(agent -> !declared.contains(agent)).toList();
            if (!undeclared.isEmpty()) {
                throw new IllegalStateException(GatewaySettings.IDENTITY_CONFIG.variable() + " maps tokens to agents "
                        + undeclared + " that the packaged policies do not declare: declare them in "
                        + PolicyBundle.ENTITIES_FILE + ", or fix the rules. Declared: " + declared + ".");
            }
            exchange = TokenExchange.create(new GatewayTokenIssuer(() -> tokenKeys.signingKey().orElseThrow(),
                            settings.tokens(), Clock.systemUTC()), settings.tokens(), settings.identity().get(), keys,
                            Clock.systemUTC())
                    .refusingRevokedAgents(revocations::isAgentRevoked)
                    .refusingSubjectsIssuedBeforeRestore(revocations::agentRestoredAt)
                    // Every instance must refuse a signed AWS IAM request any one of them has traded.
                    .rememberingTradedRequestsIn(new DynamoDbTradedRequests(dynamo, settings.auditTable()));
            this.exchange = exchange;
        }
        return exchange;
    }

    /** Pseudonyms need the deployment's key; policies that ask for them without one stop start-up. */
    @Produces
    @Singleton
    ResponseMasker masker(GatewaySettings settings, SecretsManagerClient secrets, CedarPolicyEngine policy) {
        MaskingEngine.Builder engine = MaskingEngine.builder();
        try {
            engine.phoneRegion(settings.phoneRegion());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(GatewaySettings.PHONE_REGION.variable() + ": " + e.getMessage());
        }
        if (settings.pseudonymKeySecretId().isPresent()) {
            engine.pseudonymKey(PseudonymKey.of(
                    SecretsManagerKeyMaterial.fetch(secrets, settings.pseudonymKeySecretId().get())));
        } else {
            List<String> asking = policy.policiesMaskingWith(MaskStrategy.PSEUDONYM);
            if (!asking.isEmpty()) {
                throw new IllegalStateException("Policies " + asking + " mask with pseudonyms, but the function has "
                        + "no key: set " + GatewaySettings.PSEUDONYM_KEY_SECRET_ID.variable() + " to a Secrets "
                        + "Manager secret holding `openssl rand -base64 32`.");
            }
        }
        return engine.build();
    }

    @Produces
    @Singleton
    PolicyBundle packagedPolicies() {
        try {
            return PolicyBundle.fromClasspath("policies");
        } catch (PolicyLoadException e) {
            throw new IllegalStateException("The packaged policies cannot be used: " + e.getMessage(), e);
        }
    }

    /** Who may approve held requests: the Approver entities of the packaged policies. */
    @Produces
    @Singleton
    ApproverDirectory approvers(PolicyBundle policies) {
        try {
            return EntityApproverDirectory.from(policies);
        } catch (PolicyLoadException e) {
            throw new IllegalStateException("The packaged policies cannot be used: " + e.getMessage(), e);
        }
    }

    @Produces
    @Singleton
    CedarPolicyEngine policy(PolicyBundle policies, GatewaySettings settings) {
        try {
            return CedarPolicyEngine.load(policies).withDefaultMaxRows(settings.tunables().defaultMaxRows());
        } catch (PolicyLoadException e) {
            throw new IllegalStateException("The packaged policies cannot be used: " + e.getMessage(), e);
        }
    }

    /**
     * The RDS Data API targets, checked against the packaged policies: a target no policy
     * declares could never be used, so it fails the init with the fix.
     */
    @Produces
    @Singleton
    RdsDataTargets rdsDataTargets(GatewaySettings settings, PolicyBundle policies) {
        if (settings.rdsDataTargets().isEmpty()) {
            return new RdsDataTargets(List.of());
        }
        try {
            return new RdsDataTargets(RdsDataTargetsConfig.parse(settings.rdsDataTargets().get(),
                    GatewaySettings.RDS_DATA_TARGETS.variable(),
                    settings.targets().stream().map(GatewaySettings.Target::name).toList(),
                    RdsDataTargetsConfig.declaredTargets(policies.entities().text()),
                    "the packaged policies' " + PolicyBundle.ENTITIES_FILE));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The AWS account targets, checked against the packaged policies like the RDS Data API ones. */
    @Produces
    @Singleton
    AwsAccountTargets awsAccountTargets(GatewaySettings settings, PolicyBundle policies) {
        if (settings.awsTargets().isEmpty()) {
            return new AwsAccountTargets(List.of());
        }
        try {
            return new AwsAccountTargets(AwsTargetsConfig.parse(settings.awsTargets().get(),
                    GatewaySettings.AWS_TARGETS.variable(),
                    RdsDataTargetsConfig.declaredTargets(policies.entities().text())));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Only created when there are RDS Data API targets; each call overrides its credentials. */
    @Produces
    @Singleton
    RdsDataClient rdsData() {
        return AwsClients.create(RdsDataClient.builder());
    }

    @Produces
    @Singleton
    StsClient sts() {
        return AwsClients.create(StsClient.builder());
    }

    /**
     * Every target with its engine, executor and own broker, found by one lookup: JDBC targets log
     * in with their Secrets Manager secret; RDS Data API targets run each call under an STS session
     * whose policy allows exactly that call on that cluster and secret.
     */
    @Produces
    @Singleton
    Targets targets(SqlEngine sql, AwsEngine aws, GatewaySettings settings, SecretsManagerClient secrets,
                    RdsDataTargets rdsDataTargets, AwsAccountTargets awsTargets, Instance<RdsDataClient> rdsData,
                    Instance<StsClient> sts) {
        List<Target<?>> targets = new ArrayList<>();
        if (!settings.targets().isEmpty()) {
            Map<String, String> secretIds = settings.targets().stream()
                    .collect(Collectors.toMap(GatewaySettings.Target::name, GatewaySettings.Target::secretId));
            Map<String, String> readSecretIds = new TreeMap<>();
            settings.targets().forEach(t -> t.readSecretId().ifPresent(id -> readSecretIds.put(t.name(), id)));
            CredentialBroker logins = new SecretsManagerCredentialBroker(secrets, secretIds, readSecretIds,
                    SecretsManagerCredentialBroker.DEFAULT_CACHE_TTL, Clock.systemUTC());
            for (GatewaySettings.Target t : settings.targets()) {
                JdbcSqlTarget jdbc = new JdbcSqlTarget(t.name(), t.jdbcUrl(), settings.targetLimits());
                jdbcTargets.add(jdbc);
                targets.add(new Target<SqlTarget>(t.name(), sql, jdbc, logins));
            }
        }
        if (!rdsDataTargets.specs().isEmpty()) {
            CredentialBroker sessions = new StsTargetCredentialBroker(new StsCredentialBroker(sts.get()),
                    rdsDataTargets.specs());
            rdsDataTargets.specs().forEach(spec -> targets.add(new Target<SqlTarget>(spec.name(), sql,
                    new RdsDataSqlTarget(spec, rdsData.get()), sessions)));
        }
        if (!awsTargets.specs().isEmpty()) {
            Map<String, String> roles = awsTargets.specs().stream()
                    .collect(Collectors.toMap(AwsTargetsConfig.Spec::name, AwsTargetsConfig.Spec::roleArn));
            CredentialBroker sessions = new StsCallCredentialBroker(new StsCredentialBroker(sts.get()), roles);
            for (AwsTargetsConfig.Spec spec : awsTargets.specs()) {
                SigV4AwsSender sender = new SigV4AwsSender(spec.endpoint(), UrlConnectionHttpClient.create(),
                        SigV4AwsSender.LAMBDA_MAX_ANSWER_BYTES);
                targets.add(new Target<AwsAccount>(spec.name(), aws, new AwsAccount(spec.name(), spec.partition(),
                        spec.region(), spec.accountId(), spec.roleArn(), sender), sessions));
            }
        }
        return Targets.of(List.of(sql, aws), targets);
    }

    /** Closes the JDBC targets' pooled connections; the next statement opens fresh ones. */
    public void discardDatabaseConnections() {
        jdbcTargets.forEach(JdbcSqlTarget::discardConnections);
    }

    void close(@Disposes Targets targets) {
        targets.close();
    }

    @Produces
    @Singleton
    AuditLog audit(GatewaySettings settings, DynamoDbClient dynamo) {
        return new DynamoDbAuditLog(dynamo, settings.auditTable());
    }

    /** The approval workflow, when a state machine is configured; otherwise none (approvers use the page or CLI). */
    @Produces
    @Dependent
    ApprovalWorkflow approvalWorkflow(GatewaySettings settings, DynamoDbClient dynamo) {
        if (settings.approvalStateMachineArn().isEmpty()) {
            return null;
        }
        ApprovalWorkflow current = workflow;
        if (current == null) {
            current = new StepFunctionsApprovalWorkflow(AwsClients.create(SfnClient.builder()), settings.approvalStateMachineArn().get(),
                    new ApprovalTaskTokens(dynamo, settings.approvalsTable()));
            workflow = current;
        }
        return current;
    }

    /**
     * Approve and deny links for the approval page, signed with the token KMS key; each usable
     * once across instances. None without a KMS key: the page then answers 404.
     */
    @Produces
    @Dependent
    ApprovalLinkTokens approvalLinks(GatewaySettings settings, KmsTokenKeys tokenKeys, GatewayPublicKeys keys,
                                     DynamoDbClient dynamo) {
        if (settings.tokenKmsKeyId().isEmpty()) {
            return null;
        }
        ApprovalLinkTokens current = approvalLinks;
        if (current == null) {
            current = new ApprovalLinkTokens(() -> tokenKeys.signingKey().orElseThrow(), keys, new DynamoDbUsedLinks(dynamo,
                    settings.auditTable(), Clock.systemUTC()), settings.tokens(), Clock.systemUTC());
            approvalLinks = current;
        }
        return current;
    }

    @Produces
    @Singleton
    ApprovalStore approvals(GatewaySettings settings, DynamoDbClient dynamo) {
        return new DynamoDbApprovalStore(dynamo, settings.approvalsTable());
    }
}
