package dev.airlock.infra;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.aws.support.AirlockTables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.constructs.IConstruct;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AirlockStackTest {
    private static AirlockStack stack;
    private static Template template;
    private static JsonNode json;

    @BeforeAll
    static void synthesize() {
        stack = new AirlockStack(new App(), "Airlock", TestDeployments.props().throttleRate(25).throttleBurst(40).build());
        template = Template.fromStack(stack);
        json = TestDeployments.json(template);
    }

    private static String id(IConstruct construct) {
        return stack.getLogicalId((CfnElement) construct.getNode().getDefaultChild());
    }

    @Test
    void gatewayFunction_runsJava25OnArm64_withSnapStartBehindTheLiveAlias() {
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Runtime", "java25",
                "Architectures", List.of("arm64"),
                "Handler", AirlockStack.HANDLER,
                "MemorySize", 1024,
                "Timeout", 29,
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"))));
        template.hasResourceProperties("AWS::Lambda::Alias", Match.objectLike(Map.of("Name", "live")));
        String aliasId = TestDeployments.resources(json, "AWS::Lambda::Alias").keySet().iterator().next();
        TestDeployments.resources(json, "AWS::ApiGatewayV2::Integration").values().forEach(integration -> {
            assertThat(integration.at("/Properties/PayloadFormatVersion").asText()).isEqualTo("2.0");
            assertThat(integration.at("/Properties/IntegrationUri").toString()).contains(aliasId);
        });
    }

    @Test
    void everyFunction_runsJava25OnArm64_withTracing() {
        var functions = TestDeployments.resources(json, "AWS::Lambda::Function");
        assertThat(functions).hasSize(3);
        functions.values().forEach(f -> {
            assertThat(f.at("/Properties/Runtime").asText()).isEqualTo("java25");
            assertThat(f.at("/Properties/Architectures/0").asText()).isEqualTo("arm64");
            assertThat(f.at("/Properties/TracingConfig/Mode").asText()).isEqualTo("Active");
            assertThat(f.at("/Properties/LoggingConfig/LogGroup").isMissingNode()).isFalse();
        });
    }

    @Test
    void api_routesWhatTheGatewayServes_throttledAndLoggedAsJson() throws Exception {
        Set<String> routes = new TreeSet<>();
        TestDeployments.resources(json, "AWS::ApiGatewayV2::Route").values()
                .forEach(r -> routes.add(r.at("/Properties/RouteKey").asText()));
        assertThat(routes).containsExactlyInAnyOrder("ANY /v1/{proxy+}", "ANY /aws/{proxy+}",
                "ANY /approvals/{proxy+}", "ANY /.well-known/{proxy+}", "ANY /health", "ANY /mcp");
        JsonNode stage = TestDeployments.resources(json, "AWS::ApiGatewayV2::Stage").values().iterator().next();
        assertThat(stage.at("/Properties/StageName").asText()).isEqualTo("$default");
        assertThat(stage.at("/Properties/DefaultRouteSettings/ThrottlingRateLimit").asInt()).isEqualTo(25);
        assertThat(stage.at("/Properties/DefaultRouteSettings/ThrottlingBurstLimit").asInt()).isEqualTo(40);
        String format = stage.at("/Properties/AccessLogSettings/Format").asText();
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(format).has("requestId")).isTrue();
        // Approval links carry their token in the query string; the log keeps only the path.
        assertThat(format).doesNotContain("querystring").doesNotContain("$context.path?");
    }

    @Test
    void auditUpkeep_runsAloneEveryFiveMinutes() {
        JsonNode upkeep = json.at("/Resources/" + id(stack.upkeep()));
        assertThat(upkeep.at("/Properties/ReservedConcurrentExecutions").asInt()).isEqualTo(1);
        template.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of(
                "ScheduleExpression", "rate(5 minutes)")));
    }

    @Test
    void tables_haveEveryQueriedIndex_pointInTimeRecovery_deletionProtection_andTheDataKey() {
        JsonNode audit = json.at("/Resources/" + id(stack.auditTable()));
        JsonNode approvals = json.at("/Resources/" + id(stack.approvalsTable()));
        Set<String> auditIndexes = new TreeSet<>();
        audit.at("/Properties/GlobalSecondaryIndexes").forEach(i -> auditIndexes.add(i.path("IndexName").asText()));
        assertThat(auditIndexes).isEqualTo(new TreeSet<>(AirlockTables.AUDIT_INDEXES.keySet()));
        assertThat(approvals.at("/Properties/GlobalSecondaryIndexes/0/IndexName").asText())
                .isEqualTo(AirlockTables.BY_STATUS);
        assertThat(audit.at("/Properties/KeySchema").toString()).contains("requestId").contains("phase");
        for (JsonNode table : List.of(audit, approvals)) {
            assertThat(table.path("DeletionPolicy").asText()).isEqualTo("Retain");
            assertThat(table.at("/Properties/DeletionProtectionEnabled").asBoolean()).isTrue();
            assertThat(table.at("/Properties/BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
            assertThat(table.at("/Properties/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled")
                    .asBoolean()).isTrue();
            assertThat(table.at("/Properties/SSESpecification/SSEType").asText()).isEqualTo("KMS");
            assertThat(table.at("/Properties/SSESpecification/KMSMasterKeyId").toString())
                    .contains(id(stack.dataKey()));
        }
    }

    @Test
    void logGroups_allKeepTheirRetention_andAreEncryptedWithTheDataKey() {
        var logGroups = TestDeployments.resources(json, "AWS::Logs::LogGroup");
        assertThat(logGroups).hasSize(5);
        logGroups.values().forEach(g -> {
            assertThat(g.at("/Properties/RetentionInDays").asInt()).isEqualTo(365);
            assertThat(g.at("/Properties/KmsKeyId").toString()).contains(id(stack.dataKey()));
            assertThat(g.at("/Properties/LogGroupName").asText()).startsWith(AirlockStack.LOG_GROUP_PREFIX);
        });
    }

    @Test
    void nobody_mayDeleteFromAnyTable_norUpdateAuditItemsOutsideTheirLeadingKeys() {
        String audit = id(stack.auditTable());
        for (var statement : TestDeployments.statements(json)) {
            assertThat(statement.actions()).as(statement.where()).noneMatch(a -> a.equalsIgnoreCase("dynamodb:DeleteItem")
                    || a.equalsIgnoreCase("dynamodb:BatchWriteItem") || a.equalsIgnoreCase("dynamodb:DeleteTable")
                    || a.equalsIgnoreCase("dynamodb:PartiQLDelete") || a.startsWith("dynamodb:*"));
            if (statement.mentions(audit) && statement.actions().contains("dynamodb:UpdateItem")) {
                assertThat(statement.body().at("/Condition").toString()).as(statement.where())
                        .contains("dynamodb:LeadingKeys");
            }
        }
    }

    @Test
    void auditTable_isWrittenOnlyByTheGatewayAndUpkeep_withPuts() {
        String audit = id(stack.auditTable());
        Set<String> writers = new TreeSet<>();
        for (var statement : TestDeployments.statements(json)) {
            if (statement.mentions(audit) && statement.actions().stream().anyMatch(a -> a.matches(
                    "dynamodb:(Put|Update|Delete|BatchWrite|PartiQL).*"))) {
                writers.add(statement.where());
                assertThat(statement.actions()).as(statement.where())
                        .filteredOn(a -> a.matches("dynamodb:(Put|Update|Delete|BatchWrite|PartiQL).*"))
                        .containsExactly("dynamodb:PutItem");
            }
        }
        assertThat(writers).allMatch(w -> w.startsWith("GatewayRole") || w.startsWith("UpkeepRole")).hasSize(2);
    }

    /**
     * Actions with a wildcard that AWS requires, by where they appear: the account's own
     * administrative statement in each key policy (CDK's default; without it the key could become
     * unmanageable and only AWS support could recover it).
     */
    private static final Map<String, String> JUSTIFIED_WILDCARD_ACTIONS = Map.of(
            "kms:*", "the key policy's statement for the account root, which lets IAM administer the key");

    @Test
    void noPolicy_grantsAWildcardAction_exceptTheAccountsKeyAdministration() {
        for (var statement : TestDeployments.statements(json)) {
            if (!"Allow".equals(statement.body().path("Effect").asText())) {
                continue; // a Deny with a wildcard (enforceSSL's) only takes away
            }
            for (String action : statement.actions()) {
                if (!action.contains("*")) {
                    continue;
                }
                assertThat(JUSTIFIED_WILDCARD_ACTIONS).as(statement.where() + " grants " + action).containsKey(action);
                assertThat(statement.body().at("/Principal/AWS").toString()).as(statement.where())
                        .contains(":root");
            }
        }
    }

    @Test
    void onlyTheGateway_mayReadThePseudonymKey() {
        var readers = TestDeployments.statements(json).stream()
                .filter(s -> s.actions().contains("secretsmanager:GetSecretValue")).toList();
        assertThat(readers).hasSize(1);
        assertThat(readers.get(0).where()).startsWith("GatewayRole");
        assertThat(TestDeployments.strings(readers.get(0).body().path("Resource")))
                .containsExactly(TestDeployments.PSEUDONYM_SECRET);
    }

    @Test
    void signingKeys_areEccP256SignVerify_andOnlyTheirFunctionsMaySign() {
        for (var key : List.of(stack.tokenKey(), stack.digestKey())) {
            JsonNode props = json.at("/Resources/" + id(key) + "/Properties");
            assertThat(props.path("KeySpec").asText()).isEqualTo("ECC_NIST_P256");
            assertThat(props.path("KeyUsage").asText()).isEqualTo("SIGN_VERIFY");
        }
        Set<String> tokenSigners = new TreeSet<>();
        Set<String> digestSigners = new TreeSet<>();
        for (var statement : TestDeployments.statements(json)) {
            if (statement.actions().contains("kms:Sign")) {
                if (statement.mentions(id(stack.tokenKey()))) {
                    tokenSigners.add(statement.where());
                }
                if (statement.mentions(id(stack.digestKey()))) {
                    digestSigners.add(statement.where());
                }
            }
        }
        assertThat(tokenSigners).hasSize(2).allMatch(w -> w.startsWith("GatewayRole") || w.startsWith("NotifierRole"));
        assertThat(digestSigners).hasSize(1).allMatch(w -> w.startsWith("UpkeepRole"));
    }

    @Test
    void dataKey_rotates_andLetsCloudWatchLogsUseItOnlyForAirlockLogGroups() {
        JsonNode key = json.at("/Resources/" + id(stack.dataKey()));
        assertThat(key.at("/Properties/EnableKeyRotation").asBoolean()).isTrue();
        JsonNode logs = null;
        for (JsonNode s : key.at("/Properties/KeyPolicy/Statement")) {
            if (s.at("/Principal/Service").toString().contains("logs.")) {
                logs = s;
            }
        }
        assertThat(logs).isNotNull();
        assertThat(logs.at("/Condition/ArnLike/kms:EncryptionContext:aws:logs:arn").toString())
                .contains(":log-group:" + AirlockStack.LOG_GROUP_PREFIX);
    }

    @Test
    void gateway_mayAssumeExactlyTheTargetRoles_withSourceIdentityAndSessionTags() {
        List<TestDeployments.Statement> sts = TestDeployments.statements(json).stream()
                .filter(s -> s.actions().contains("sts:AssumeRole") && s.where().startsWith("GatewayRole")
                        && s.body().has("Resource")).toList();
        assertThat(sts).hasSize(1);
        assertThat(sts.get(0).actions()).containsExactlyInAnyOrder("sts:AssumeRole", "sts:SetSourceIdentity",
                "sts:TagSession");
        assertThat(TestDeployments.strings(sts.get(0).body().path("Resource")))
                .containsExactlyInAnyOrder(TestDeployments.TARGET_ROLE, TestDeployments.RDS_ROLE);
    }

    @Test
    void notifier_emailsOnlyFromTheSenderIdentity_andReportsFailedRecordsAlone() {
        var ses = TestDeployments.statements(json).stream().filter(s -> s.actions().contains("ses:SendEmail")).toList();
        assertThat(ses).hasSize(1);
        assertThat(ses.get(0).body().path("Resource").toString()).contains("identity/").contains("ApprovalSenderEmail");
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Match.objectLike(Map.of(
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"))));
        var queues = TestDeployments.resources(json, "AWS::SQS::Queue");
        assertThat(queues).hasSize(2);
        queues.values().forEach(q -> assertThat(q.at("/Properties/KmsMasterKeyId").toString())
                .contains(id(stack.dataKey())));
        assertThat(queues.values()).anyMatch(q -> q.at("/Properties/VisibilityTimeout").asInt()
                >= 6 * AirlockStack.NOTIFIER_TIMEOUT_SECONDS && q.at("/Properties/RedrivePolicy").isObject());
    }

    @Test
    void approvalWorkflow_isStandard_loadsTheAslFile_withBothPlaceholdersFilled() {
        JsonNode machine = TestDeployments.resources(json, "AWS::StepFunctions::StateMachine").values().iterator()
                .next();
        assertThat(machine.at("/Properties/StateMachineType").asText()).isEqualTo("STANDARD");
        assertThat(machine.at("/Properties/TracingConfiguration/Enabled").asBoolean()).isTrue();
        assertThat(machine.at("/Properties/LoggingConfiguration/Level").asText()).isEqualTo("ALL");
        assertThat(machine.at("/Properties/DefinitionSubstitutions").has("ApprovalQueueUrl")).isTrue();
        assertThat(machine.at("/Properties/DefinitionSubstitutions").has("ApprovalsTable")).isTrue();
    }

    @Test
    void functionEnvironments_nameWhatEachFunctionReads() {
        JsonNode gateway = json.at("/Resources/" + id(stack.gateway()) + "/Properties/Environment/Variables");
        assertThat(gateway.has("AIRLOCK_AUDIT_TABLE")).isTrue();
        assertThat(gateway.has("AIRLOCK_IDENTITY_CONFIG")).isTrue();
        assertThat(gateway.path("AIRLOCK_TOKEN_ISSUER").asText()).isEqualTo("https://airlock.example.com");
        assertThat(gateway.has("AIRLOCK_APPROVAL_STATE_MACHINE_ARN")).isTrue();
        assertThat(gateway.has("AIRLOCK_PUBLIC_URL")).as("the gateway does not read it").isFalse();
        assertThat(gateway.path("AIRLOCK_PSEUDONYM_KEY_SECRET_ID").asText()).isEqualTo(TestDeployments.PSEUDONYM_SECRET);
        JsonNode notifier = json.at("/Resources/" + id(stack.notifier()) + "/Properties/Environment/Variables");
        assertThat(notifier.has("AIRLOCK_PUBLIC_URL")).isTrue();
        assertThat(notifier.has("AIRLOCK_APPROVAL_SENDER")).isTrue();
        JsonNode upkeep = json.at("/Resources/" + id(stack.upkeep()) + "/Properties/Environment/Variables");
        assertThat(upkeep.has("AIRLOCK_AUDIT_DIGEST_KEY_ID")).isTrue();
    }

    @Test
    void outputs_includeTheUrlsTablesAndTheFirstAgentsCommand() {
        assertThat(json.path("Outputs").has("ApiUrl")).isTrue();
        assertThat(json.at("/Outputs/JwksUrl/Value").toString()).contains(AirlockStack.JWKS_PATH);
        assertThat(json.path("Outputs").has("AuditTableName")).isTrue();
        assertThat(json.path("Outputs").has("ApprovalsTableName")).isTrue();
        assertThat(json.at("/Outputs/RegisterFirstAgentCommand/Value").toString()).contains("airlock token --aws-iam");
    }

    @Test
    void aMissingFunctionZip_saysToBuildFirst() {
        assertThatThrownBy(() -> new AirlockStack(new App(), "Broken", TestDeployments.props()
                .gatewayZip(Path.of("/nowhere/function.zip")).build()))
                .hasMessageContaining("/nowhere/function.zip is missing")
                .hasMessageContaining("./mvnw -o -q package -DskipTests");
    }

    @Test
    void targetsTooLargeForLambdasEnvironment_areRefusedAtSynth() {
        StringBuilder targets = new StringBuilder("{\"targets\":[");
        for (int i = 0; i < 40; i++) {
            targets.append(i == 0 ? "" : ",").append("{\"name\":\"account-").append(i)
                    .append("\",\"region\":\"eu-west-1\",\"accountId\":\"111122223333\",\"roleArn\":")
                    .append("\"arn:aws:iam::111122223333:role/airlock-gateway-target\"}");
        }
        String tooMany = targets.append("]}").toString();
        assertThatThrownBy(() -> new AirlockStack(new App(), "Big", TestDeployments.props().awsTargetsJson(tooMany)
                .build())).hasMessageContaining("4 KB").hasMessageContaining("airlock:awsTargets");
    }

    @Test
    void customDomain_needsItsCertificate() {
        assertThatThrownBy(() -> TestDeployments.props().domainName("airlock.example.com").build())
                .hasMessageContaining("airlock:certificateArn");
    }

    @Test
    void aNewTokenKeyGeneration_signsWithANewKey_andStillPublishesThePreviousOne() {
        String previous = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555";
        JsonNode rotated = AirlockTemplates.synthesize(TestDeployments.props().tokenKeyGeneration(2)
                .previousTokenKmsKeyArn(previous).build());
        assertThat(rotated.path("Resources").has(id(stack.tokenKey()))).as("generation 1 is left out").isFalse();
        var gateway = TestDeployments.resources(rotated, "AWS::Lambda::Function").values().stream()
                .filter(f -> f.at("/Properties/MemorySize").asInt() == 1024).findFirst().orElseThrow();
        assertThat(gateway.at("/Properties/Environment/Variables/AIRLOCK_TOKEN_PREVIOUS_KMS_KEY_ID").asText())
                .isEqualTo(previous);
        assertThat(gateway.at("/Properties/Environment/Variables/AIRLOCK_TOKEN_KMS_KEY_ID").toString())
                .contains("TokenKey2");
        assertThat(TestDeployments.statements(rotated)).anySatisfy(s -> {
            assertThat(s.actions()).containsExactly("kms:GetPublicKey");
            assertThat(TestDeployments.strings(s.body().path("Resource"))).containsExactly(previous);
        });
    }

    @Test
    void templatesHelper_givesTheTemplateAsJson() {
        JsonNode synthesized = AirlockTemplates.synthesize(TestDeployments.props().build());
        assertThat(TestDeployments.resources(synthesized, "AWS::Lambda::Function")).hasSize(3);
    }
}
