package dev.airlock.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.aws.support.AirlockTables;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.DomainMappingOptions;
import software.amazon.awscdk.services.apigatewayv2.DomainName;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.PayloadFormatVersion;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.kms.KeySpec;
import software.amazon.awscdk.services.kms.KeyUsage;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Airlock in one AWS account: the HTTP API in front of the gateway function, the audit and
 * approvals tables, the token, digest and data keys, the approval workflow with its queue and
 * notifier, and the audit upkeep schedule. Every role gets only the calls its function makes
 * (README of infra/, the stores in layers/*-aws); nobody may delete from the audit table.
 */
public final class AirlockStack extends Stack {
    public static final String WORKFLOW_DEFINITION = "infra/approval-workflow.asl.json";
    public static final String HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
    /** SnapStart restores a warmed snapshot; C1 alone compiles fast enough for the short requests that follow. */
    public static final String JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    /**
     * What the gateway serves (layers/api): /v1/* (sql, aws, token, requests), the AWS drop-in
     * under /aws, approval pages /approvals/{id}, /.well-known/jwks.json and
     * /.well-known/oauth-protected-resource, the MCP endpoint /mcp and /health. Nothing serves
     * /approvals alone, so it is not routed.
     */
    public static final List<String> GATEWAY_ROUTES = List.of("/v1/{proxy+}", "/aws/{proxy+}", "/approvals/{proxy+}",
            "/.well-known/{proxy+}", "/health", "/mcp");
    public static final String JWKS_PATH = "/.well-known/jwks.json";
    public static final int GATEWAY_TIMEOUT_SECONDS = 29;
    public static final int NOTIFIER_TIMEOUT_SECONDS = 30;
    public static final int UPKEEP_TIMEOUT_SECONDS = 120;
    public static final RetentionDays LOG_RETENTION = RetentionDays.ONE_YEAR;
    /** Every log group Airlock writes lives under this prefix; the data key lets CloudWatch Logs use it only there. */
    public static final String LOG_GROUP_PREFIX = "/airlock/";
    /** The attribute OneTimeClaims and the revocations give DynamoDB's TTL; audit records never carry it. */
    public static final String AUDIT_TTL_ATTRIBUTE = "expiresAt";

    private final AirlockStackProps props;
    private final Key dataKey;
    private final Key tokenKey;
    private final Key digestKey;
    private final Table auditTable;
    private final Table approvalsTable;
    private final Function gateway;
    private final Function upkeep;
    private final Function notifier;
    private final Role gatewayRole;
    private final StateMachine workflow;
    private final HttpApi api;

    public AirlockStack(Construct scope, String id, AirlockStackProps props) {
        super(scope, id, StackProps.builder()
                .env(props.env().orElse(null))
                .description("Airlock: a gateway that lets automation agents touch production safely")
                .build());
        this.props = props;
        requireFile(props.gatewayZip());
        requireFile(props.upkeepZip());
        requireFile(props.notifierZip());

        dataKey = Key.Builder.create(this, "DataKey")
                .alias("alias/" + aliasPrefix() + "/data")
                .description("Airlock: encrypts its tables, queues and logs")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        dataKey.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchLogsForAirlockLogGroupsOnly")
                .principals(List.of(new ServicePrincipal("logs." + getRegion() + ".amazonaws.com")))
                .actions(List.of("kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo",
                        "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"))
                .resources(List.of("*"))
                .conditions(Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn",
                        "arn:" + getPartition() + ":logs:" + getRegion() + ":" + getAccount() + ":log-group:"
                                + LOG_GROUP_PREFIX + "*")))
                .build());
        tokenKey = signingKey("TokenKey", "token", props.tokenKeyGeneration(),
                "Airlock: signs gateway tokens and approval links (ES256)");
        digestKey = signingKey("DigestKey", "audit-digest", props.digestKeyGeneration(),
                "Airlock: signs digests of the audit chains");

        auditTable = table("AuditTable", true);
        AirlockTables.AUDIT_INDEXES.forEach((index, partition) -> auditTable.addGlobalSecondaryIndex(
                byTime(index, partition)));
        approvalsTable = table("ApprovalsTable", false);
        approvalsTable.addGlobalSecondaryIndex(byTime(AirlockTables.BY_STATUS, "status"));

        Queue deadLetters = Queue.Builder.create(this, "ApprovalNoticesDeadLetters")
                .encryption(QueueEncryption.KMS).encryptionMasterKey(dataKey).enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        Queue notices = Queue.Builder.create(this, "ApprovalNotices")
                .encryption(QueueEncryption.KMS).encryptionMasterKey(dataKey).enforceSsl(true)
                // A record in flight must not reappear while the notifier still works on it.
                .visibilityTimeout(Duration.seconds(6 * NOTIFIER_TIMEOUT_SECONDS))
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(5).build())
                .build();

        workflow = approvalWorkflow(notices);

        gatewayRole = functionRole("GatewayRole");
        LogGroup gatewayLogs = logGroup("GatewayLogs", "gateway");
        // SnapStart snapshots published versions; the API calls the alias of the newest one.
        gateway = javaFunction("Gateway", props.gatewayZip(), gatewayRole, gatewayLogs, 1024,
                GATEWAY_TIMEOUT_SECONDS, gatewayEnvironment(), f -> f.snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS));
        Alias live = Alias.Builder.create(this, "GatewayLive").aliasName("live")
                .version(gateway.getCurrentVersion()).build();
        Annotations.of(gateway).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "currentVersion publishes a version on every change and the API calls it through the live alias");
        grantGateway();

        api = httpApi(live);
        String publicUrl = props.domainName().map(d -> "https://" + d).orElse(api.getApiEndpoint());

        Role notifierRole = functionRole("NotifierRole");
        CfnParameter sender = CfnParameter.Builder.create(this, "ApprovalSenderEmail")
                .type("String")
                .description("The SES-verified address approval emails are sent from, such as airlock@example.com")
                .allowedPattern("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9.-]{1,253}")
                .constraintDescription("one plain address, without a display name")
                .build();
        Map<String, String> notifierEnv = new LinkedHashMap<>();
        notifierEnv.put(FunctionVariables.APPROVALS_TABLE, approvalsTable.getTableName());
        notifierEnv.put(FunctionVariables.AUDIT_TABLE, auditTable.getTableName());
        notifierEnv.put(FunctionVariables.TOKEN_KMS_KEY_ID, tokenKey.getKeyArn());
        notifierEnv.put(FunctionVariables.TOKEN_ISSUER, props.tokenIssuer());
        notifierEnv.put(FunctionVariables.TOKEN_AUDIENCE, props.tokenAudience());
        notifierEnv.put(FunctionVariables.PUBLIC_URL, publicUrl);
        notifierEnv.put(FunctionVariables.APPROVAL_SENDER, sender.getValueAsString());
        notifierEnv.put("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);
        notifier = javaFunction("ApprovalNotifier", props.notifierZip(), notifierRole,
                logGroup("ApprovalNotifierLogs", "approval-notifier"), 512, NOTIFIER_TIMEOUT_SECONDS, notifierEnv,
                f -> { });
        notifierRole.addToPolicy(allow(List.of("dynamodb:GetItem", "dynamodb:UpdateItem"),
                List.of(approvalsTable.getTableArn())));
        notifierRole.addToPolicy(tableKeyUse());
        notifierRole.addToPolicy(allow(List.of("kms:Sign", "kms:GetPublicKey"), List.of(tokenKey.getKeyArn())));
        notifierRole.addToPolicy(allow(List.of("ses:SendEmail"), List.of(formatArn(ArnComponents.builder()
                .service("ses").resource("identity").resourceName(sender.getValueAsString()).build()))));
        notifier.addEventSource(SqsEventSource.Builder.create(notices).batchSize(10).reportBatchItemFailures(true)
                .build());

        Role upkeepRole = functionRole("UpkeepRole");
        Map<String, String> upkeepEnv = new LinkedHashMap<>();
        upkeepEnv.put(FunctionVariables.AUDIT_TABLE, auditTable.getTableName());
        upkeepEnv.put(FunctionVariables.AUDIT_DIGEST_KEY_ID, digestKey.getKeyArn());
        upkeepEnv.put("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);
        // One run at a time: two reconcilers would race to mark the same requests.
        upkeep = javaFunction("AuditUpkeep", props.upkeepZip(), upkeepRole,
                logGroup("AuditUpkeepLogs", "audit-upkeep"), 512, UPKEEP_TIMEOUT_SECONDS, upkeepEnv,
                f -> f.reservedConcurrentExecutions(1));
        // The reconciler reads records and appends OUTCOME_UNKNOWN and digests: puts only.
        upkeepRole.addToPolicy(allow(List.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query",
                "dynamodb:Scan", "dynamodb:PutItem"), tableAndIndexes(auditTable)));
        upkeepRole.addToPolicy(tableKeyUse());
        upkeepRole.addToPolicy(allow(List.of("kms:Sign", "kms:GetPublicKey"), List.of(digestKey.getKeyArn())));
        Rule.Builder.create(this, "AuditUpkeepSchedule")
                .description("Airlock: marks requests left without an outcome and signs the audit chain heads")
                .schedule(Schedule.rate(Duration.minutes(5)))
                .targets(List.of(LambdaFunction.Builder.create(upkeep).retryAttempts(2)
                        .maxEventAge(Duration.minutes(5)).build()))
                .build();

        outputs(publicUrl);
        AirlockChecks.suppressJustified(this);
    }

    private void outputs(String publicUrl) {
        output("ApiUrl", publicUrl, "The gateway's base URL");
        output("JwksUrl", publicUrl + JWKS_PATH, "The public keys of gateway tokens");
        output("AuditTableName", auditTable.getTableName(), "The audit table");
        output("ApprovalsTableName", approvalsTable.getTableName(), "The approvals table");
        output("GatewayRoleArn", gatewayRole.getRoleArn(),
                "The role target accounts trust (AirlockTargetAccountStack, airlock:gatewayRoleArn)");
        output("TokenKeyArn", tokenKey.getKeyArn(), "The KMS key that signs gateway tokens");
        output("DigestKeyArn", digestKey.getKeyArn(), "The KMS key that signs audit digests");
        output("ApprovalWorkflowArn", workflow.getStateMachineArn(), "The approval workflow");
        output("RegisterFirstAgentCommand", "./airlock token --aws-iam --gateway " + publicUrl + " --server-id "
                + publicUrl, "Run as the first agent's AWS identity once identity.json maps it (docs/deploy.md)");
        props.domainName().ifPresent(d -> output("ApiDomainTarget",
                ((DomainName) getNode().findChild("Domain")).getRegionalDomainName(),
                "Point a CNAME (or alias) for " + d + " here"));
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    private String aliasPrefix() {
        return getStackName().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * AWS rotates only symmetric keys, so a new generation is a new key under a new id and alias;
     * the old one is retained (never deleted by the stack) for the tokens and digests it signed.
     */
    private Key signingKey(String id, String alias, int generation, String description) {
        String suffix = generation == 1 ? "" : "-" + generation;
        return Key.Builder.create(this, id + (generation == 1 ? "" : String.valueOf(generation)))
                .alias("alias/" + aliasPrefix() + "/" + alias + suffix)
                .description(description)
                .keySpec(KeySpec.ECC_NIST_P256)
                .keyUsage(KeyUsage.SIGN_VERIFY)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    private Table table(String id, boolean audit) {
        Table.Builder table = Table.Builder.create(this, id)
                .partitionKey(Attribute.builder().name("requestId").type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .encryption(TableEncryption.CUSTOMER_MANAGED)
                .encryptionKey(dataKey)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.RETAIN);
        if (audit) {
            table.sortKey(Attribute.builder().name("phase").type(AttributeType.STRING).build())
                    .timeToLiveAttribute(AUDIT_TTL_ATTRIBUTE);
        }
        return table.build();
    }

    private static GlobalSecondaryIndexProps byTime(String index, String partition) {
        return GlobalSecondaryIndexProps.builder().indexName(index)
                .partitionKey(Attribute.builder().name(partition).type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name(AirlockTables.TIME_KEY).type(AttributeType.STRING).build())
                .projectionType(ProjectionType.ALL)
                .build();
    }

    private LogGroup logGroup(String id, String name) {
        return LogGroup.Builder.create(this, id)
                .logGroupName(LOG_GROUP_PREFIX + getStackName() + "/" + name)
                .retention(LOG_RETENTION)
                .encryptionKey(dataKey)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    private Role functionRole(String id) {
        return Role.Builder.create(this, id).assumedBy(new ServicePrincipal("lambda.amazonaws.com")).build();
    }

    private Function javaFunction(String id, Path zip, Role role, LogGroup logs, int memory, int timeoutSeconds,
                                  Map<String, String> environment, Consumer<Function.Builder> extra) {
        Function.Builder function = Function.Builder.create(this, id)
                .runtime(Runtime.JAVA_25)
                // cedar-java's uber jar carries the linux/aarch64 native library.
                .architecture(Architecture.ARM_64)
                .handler(HANDLER)
                .code(Code.fromAsset(zip.toString()))
                .memorySize(memory)
                .timeout(Duration.seconds(timeoutSeconds))
                .role(role)
                .logGroup(logs)
                .tracing(Tracing.ACTIVE)
                .environment(environment);
        extra.accept(function);
        Function built = function.build();
        role.addToPolicy(allow(List.of("logs:CreateLogStream", "logs:PutLogEvents"), List.of(logs.getLogGroupArn())));
        return built;
    }

    private Map<String, String> gatewayEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(FunctionVariables.AUDIT_TABLE, auditTable.getTableName());
        env.put(FunctionVariables.APPROVALS_TABLE, approvalsTable.getTableName());
        env.put(FunctionVariables.TOKEN_ISSUER, props.tokenIssuer());
        env.put(FunctionVariables.TOKEN_AUDIENCE, props.tokenAudience());
        env.put(FunctionVariables.TOKEN_KMS_KEY_ID, tokenKey.getKeyArn());
        props.previousTokenKmsKeyArn().ifPresent(k -> env.put(FunctionVariables.PREVIOUS_TOKEN_KMS_KEY_ID, k));
        props.identityConfigJson().ifPresent(j -> env.put(FunctionVariables.IDENTITY_CONFIG, compact(j)));
        props.awsTargetsJson().ifPresent(j -> env.put(FunctionVariables.AWS_TARGETS, compact(j)));
        props.rdsDataTargetsJson().ifPresent(j -> env.put(FunctionVariables.RDS_DATA_TARGETS, compact(j)));
        props.pseudonymKeySecretArn().ifPresent(a -> env.put(FunctionVariables.PSEUDONYM_KEY_SECRET_ID, a));
        env.put(FunctionVariables.APPROVAL_STATE_MACHINE_ARN, workflow.getStateMachineArn());
        env.put("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);
        requireFitsLambda(env);
        return env;
    }

    /** Lambda refuses a function whose variables exceed 4 KB; say so at synth time, not at deploy. */
    static final int LAMBDA_ENVIRONMENT_LIMIT = 4096;
    /** What a resolved ARN or table name may take in place of its unresolved token. */
    private static final int RESOLVED_TOKEN_ALLOWANCE = 160;

    private static void requireFitsLambda(Map<String, String> env) {
        int bytes = 0;
        for (var e : env.entrySet()) {
            String value = e.getValue();
            bytes += e.getKey().length() + (software.amazon.awscdk.Token.isUnresolved(value)
                    ? RESOLVED_TOKEN_ALLOWANCE : value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        }
        if (bytes > LAMBDA_ENVIRONMENT_LIMIT) {
            throw new IllegalArgumentException("The gateway function's environment would take about " + bytes
                    + " bytes, more than the 4 KB Lambda allows: shorten airlock:identityConfig, airlock:awsTargets "
                    + "or airlock:rdsDataTargets (whitespace is already removed).");
        }
    }

    private void grantGateway() {
        // Records, chain links, used links and traded requests are all new items: puts, never updates
        // or deletes, so that no record can be rewritten or removed (DynamoDbAuditLog, OneTimeClaims).
        gatewayRole.addToPolicy(allow(List.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query",
                "dynamodb:Scan", "dynamodb:PutItem"), tableAndIndexes(auditTable)));
        gatewayRole.addToPolicy(allow(List.of("dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem",
                "dynamodb:UpdateItem"), tableAndIndexes(approvalsTable)));
        gatewayRole.addToPolicy(tableKeyUse());
        gatewayRole.addToPolicy(allow(List.of("kms:Sign", "kms:GetPublicKey"), List.of(tokenKey.getKeyArn())));
        props.previousTokenKmsKeyArn().ifPresent(k -> gatewayRole.addToPolicy(allow(List.of("kms:GetPublicKey"),
                List.of(k))));
        gatewayRole.addToPolicy(allow(List.of("states:StartExecution"), List.of(workflow.getStateMachineArn())));
        gatewayRole.addToPolicy(allow(List.of("states:SendTaskSuccess", "states:SendTaskFailure"),
                List.of(workflow.getStateMachineArn())));
        props.pseudonymKeySecretArn().ifPresent(a -> gatewayRole.addToPolicy(allow(
                List.of("secretsmanager:GetSecretValue"), List.of(a))));
        List<String> targetRoles = targetRoleArns();
        if (!targetRoles.isEmpty()) {
            // Each call runs under its own session of the target's role (credentials-aws).
            gatewayRole.addToPolicy(allow(List.of("sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"),
                    targetRoles));
        }
    }

    private StateMachine approvalWorkflow(Queue notices) {
        Role role = Role.Builder.create(this, "ApprovalWorkflowRole")
                .assumedBy(new ServicePrincipal("states.amazonaws.com")).build();
        role.addToPolicy(allow(List.of("sqs:SendMessage"), List.of(notices.getQueueArn())));
        role.addToPolicy(keyUse(List.of("kms:GenerateDataKey", "kms:Decrypt"), "sqs"));
        role.addToPolicy(allow(List.of("dynamodb:UpdateItem"), List.of(approvalsTable.getTableArn())));
        role.addToPolicy(tableKeyUse());
        Path definition = props.repoRoot().resolve(WORKFLOW_DEFINITION);
        return StateMachine.Builder.create(this, "ApprovalWorkflow")
                .stateMachineType(StateMachineType.STANDARD)
                .definitionBody(DefinitionBody.fromFile(definition.toString()))
                .definitionSubstitutions(Map.of("ApprovalQueueUrl", notices.getQueueUrl(),
                        "ApprovalsTable", approvalsTable.getTableName()))
                .role(role)
                .tracingEnabled(true)
                // Execution data holds task tokens; the logs keep only the events.
                .logs(LogOptions.builder().destination(logGroup("ApprovalWorkflowLogs", "approval-workflow"))
                        .level(LogLevel.ALL).includeExecutionData(false).build())
                .build();
    }

    private HttpApi httpApi(Alias live) {
        HttpApi httpApi = HttpApi.Builder.create(this, "Api")
                .apiName(getStackName())
                .description("Airlock gateway")
                .createDefaultStage(false)
                .build();
        LogGroup accessLogs = logGroup("ApiAccessLogs", "api-access");
        HttpStage.Builder stage = HttpStage.Builder.create(this, "DefaultStage")
                .httpApi(httpApi)
                .stageName("$default")
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder().rateLimit(props.throttleRate()).burstLimit(props.throttleBurst())
                        .build())
                .accessLogSettings(new IAccessLogSettings() {
                    @Override
                    public IAccessLogDestination getDestination() {
                        return new LogGroupLogDestination(accessLogs);
                    }

                    @Override
                    public AccessLogFormat getFormat() {
                        return AccessLogFormat.custom(ACCESS_LOG_FORMAT);
                    }
                });
        if (props.domainName().isPresent()) {
            DomainName domain = DomainName.Builder.create(this, "Domain")
                    .domainName(props.domainName().get())
                    .certificate(Certificate.fromCertificateArn(this, "Certificate", props.certificateArn().get()))
                    .build();
            stage.domainMapping(DomainMappingOptions.builder().domainName(domain).build());
        }
        stage.build();
        HttpLambdaIntegration integration = HttpLambdaIntegration.Builder.create("Gateway", live)
                .payloadFormatVersion(PayloadFormatVersion.VERSION_2_0)
                .build();
        for (String route : GATEWAY_ROUTES) {
            httpApi.addRoutes(AddRoutesOptions.builder().path(route).methods(List.of(HttpMethod.ANY))
                    .integration(integration).build());
        }
        return httpApi;
    }

    /**
     * One JSON object per request. The path is logged without its query string: approval links
     * carry their token there.
     */
    static final String ACCESS_LOG_FORMAT = "{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\","
            + "\"requestTime\":\"$context.requestTime\",\"method\":\"$context.httpMethod\",\"path\":\"$context.path\","
            + "\"routeKey\":\"$context.routeKey\",\"status\":\"$context.status\",\"protocol\":\"$context.protocol\","
            + "\"responseLength\":\"$context.responseLength\",\"latencyMs\":\"$context.responseLatency\","
            + "\"integrationError\":\"$context.integrationErrorMessage\"}";

    private static List<String> tableAndIndexes(Table table) {
        return List.of(table.getTableArn(), table.getTableArn() + "/index/*");
    }

    /** What DynamoDB needs of the data key on a caller's behalf, and only through DynamoDB. */
    private PolicyStatement tableKeyUse() {
        return keyUse(List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"), "dynamodb");
    }

    private PolicyStatement keyUse(List<String> actions, String service) {
        return PolicyStatement.Builder.create().effect(Effect.ALLOW).actions(actions)
                .resources(List.of(dataKey.getKeyArn()))
                .conditions(Map.of("StringEquals", Map.of("kms:ViaService",
                        service + "." + getRegion() + ".amazonaws.com")))
                .build();
    }

    private static PolicyStatement allow(List<String> actions, List<String> resources) {
        return PolicyStatement.Builder.create().effect(Effect.ALLOW).actions(actions).resources(resources).build();
    }

    /** The roleArn of every AWS and RDS Data API target: the roles the gateway may assume. */
    private List<String> targetRoleArns() {
        TreeSet<String> arns = new TreeSet<>();
        ObjectMapper json = new ObjectMapper();
        for (var config : List.of(props.awsTargetsJson(), props.rdsDataTargetsJson())) {
            if (config.isEmpty()) {
                continue;
            }
            try {
                for (JsonNode target : json.readTree(config.get()).path("targets")) {
                    String arn = target.path("roleArn").asText("");
                    if (!arn.isEmpty()) {
                        arns.add(arn);
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("A targets JSON is not JSON: " + "the JSON parser stopped near line " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException p && p.getLocation() != null ? p.getLocation().getLineNr() : 0), e);
            }
        }
        return new ArrayList<>(arns);
    }

    private static String compact(String json) {
        try {
            ObjectMapper mapper = new ObjectMapper();
            return mapper.writeValueAsString(mapper.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void requireFile(Path zip) {
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException(zip + " is missing: run ./mvnw -o -q package -DskipTests first (in "
                    + props.repoRoot() + "), so that each function's target/function.zip exists.");
        }
    }

    public Table auditTable() { return auditTable; }
    public Table approvalsTable() { return approvalsTable; }
    public Function gateway() { return gateway; }
    public Function upkeep() { return upkeep; }
    public Function notifier() { return notifier; }
    public Role gatewayRole() { return gatewayRole; }
    public Key dataKey() { return dataKey; }
    public Key tokenKey() { return tokenKey; }
    public Key digestKey() { return digestKey; }
}
