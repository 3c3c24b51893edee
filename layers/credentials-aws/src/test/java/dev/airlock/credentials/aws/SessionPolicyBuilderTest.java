package dev.airlock.credentials.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** moto does not evaluate session policies, so the exact policy for each action is pinned here. */
class SessionPolicyBuilderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLUSTER = "arn:aws:rds:eu-west-1:123456789012:cluster:orders";
    private static final String SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-db-AbCdEf";

    private static JsonNode tree(String json) throws Exception {
        return JSON.readTree(json);
    }

    private static void assertNoWildcardAction(SessionPolicy policy) throws Exception {
        for (JsonNode statement : tree(policy.json()).path("Statement")) {
            JsonNode action = statement.path("Action");
            (action.isArray() ? action : JSON.createArrayNode().add(action))
                    .forEach(a -> assertThat(a.asText()).doesNotContain("*").doesNotContain("?"));
        }
    }

    @ParameterizedTest
    @EnumSource(RdsDataAction.class)
    void build_whenRdsDataApiAction_allowsItOnTheClusterAndTheSecretOnly(RdsDataAction action) throws Exception {
        SessionPolicy policy = SessionPolicyBuilder.build(AwsAccess.builder().rdsDataApi(CLUSTER, SECRET, action).build());

        assertThat(tree(policy.json())).isEqualTo(tree("""
                {"Version":"2012-10-17","Statement":[
                  {"Effect":"Allow","Action":"%s","Resource":"%s"},
                  {"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"%s"}]}
                """.formatted(action.iamAction(), CLUSTER, SECRET)));
        assertNoWildcardAction(policy);
        assertThat(policy.json()).doesNotContain("\"*\"").doesNotContain(" ").doesNotContain("\n");
    }

    @Test
    void build_whenTransactionActions_groupsThemInOneSortedStatementOnTheCluster() throws Exception {
        SessionPolicy policy = SessionPolicyBuilder.build(AwsAccess.builder().rdsDataApi(CLUSTER, SECRET,
                RdsDataAction.ROLLBACK_TRANSACTION, RdsDataAction.EXECUTE_STATEMENT, RdsDataAction.BEGIN_TRANSACTION,
                RdsDataAction.COMMIT_TRANSACTION, RdsDataAction.BATCH_EXECUTE_STATEMENT).build());

        assertThat(policy.json()).isEqualTo("{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Action\":[\"rds-data:BatchExecuteStatement\",\"rds-data:BeginTransaction\","
                + "\"rds-data:CommitTransaction\",\"rds-data:ExecuteStatement\",\"rds-data:RollbackTransaction\"],"
                + "\"Resource\":\"" + CLUSTER + "\"},"
                + "{\"Effect\":\"Allow\",\"Action\":\"secretsmanager:GetSecretValue\",\"Resource\":\"" + SECRET + "\"}]}");
    }

    @Test
    void build_whenGenericAction_allowsExactlyThatActionOnThatResource() throws Exception {
        String table = "arn:aws:dynamodb:us-east-1:123456789012:table/orders";
        SessionPolicy policy = SessionPolicyBuilder.build(AwsAccess.builder().allow("dynamodb:GetItem", table).build());

        assertThat(tree(policy.json())).isEqualTo(tree("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"%s"}]}
                """.formatted(table)));
    }

    @Test
    void build_whenSameActionOnTwoResources_listsBothResourcesInOneStatement() throws Exception {
        SessionPolicy policy = SessionPolicyBuilder.build(AwsAccess.builder()
                .allow("s3:GetObject", "arn:aws:s3:::reports/b.csv")
                .allow("s3:GetObject", "arn:aws:s3:::reports/a.csv").build());

        assertThat(tree(policy.json())).isEqualTo(tree("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject",
                  "Resource":["arn:aws:s3:::reports/a.csv","arn:aws:s3:::reports/b.csv"]}]}
                """));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sts:GetCallerIdentity", "s3:ListAllMyBuckets", "dynamodb:ListTables", "kms:ListKeys",
            "secretsmanager:ListSecrets", "ec2:DescribeInstances"})
    void build_whenActionHasNoResourceLevelPermission_usesTheResourceWildcard(String action) throws Exception {
        SessionPolicy policy = SessionPolicyBuilder.build(AwsAccess.builder().allowWithoutResource(action).build());

        assertThat(tree(policy.json())).isEqualTo(tree("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"%s","Resource":"*"}]}
                """.formatted(action)));
        assertNoWildcardAction(policy);
    }

    @Test
    void build_whenSameAccessInAnotherOrder_givesByteIdenticalPolicy() {
        SessionPolicy one = SessionPolicyBuilder.build(AwsAccess.builder()
                .allow("s3:GetObject", "arn:aws:s3:::b/1").allow("s3:PutObject", "arn:aws:s3:::b/2")
                .rdsDataApi(CLUSTER, SECRET, RdsDataAction.EXECUTE_STATEMENT).build());
        SessionPolicy two = SessionPolicyBuilder.build(AwsAccess.builder()
                .rdsDataApi(CLUSTER, SECRET, RdsDataAction.EXECUTE_STATEMENT, RdsDataAction.EXECUTE_STATEMENT)
                .allow("s3:PutObject", "arn:aws:s3:::b/2").allow("s3:GetObject", "arn:aws:s3:::b/1").build());

        assertThat(two.json()).isEqualTo(one.json());
        assertThat(two).isEqualTo(one).hasSameHashCodeAs(one);
        assertThat(one.toString()).doesNotContain(CLUSTER).contains(one.sha256().substring(0, 16));
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3:*", "s3:Get*", "*", "s3:GetObject?", "GetObject", "s3:getObject", "S3:GetObject", ""})
    void allow_whenActionIsNotConcrete_refusesIt(String action) {
        assertThatThrownBy(() -> AwsAccess.builder().allow(action, "arn:aws:s3:::b/k"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("service:Operation");
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "arn:aws:s3:::b/*", "arn:aws:s3:::b/k?", "not-an-arn", "arn:aws:s3", "arn::s3:::b",
            "arn:aws:dynamodb:us-east-1:12345:table/t", "arn:aws:dynamodb:useast1:123456789012:table/t",
            "arn:aws:dynamodb:us-east-1:123456789012:", "arn:aws:dynamodb:us-east-1:123456789012:table/a\nb",
            "arn:aws:dynamodb:us-east-1:123456789012:table/\"x"})
    void allow_whenResourceIsNotAConcreteArn_refusesIt(String resource) {
        assertThatThrownBy(() -> AwsAccess.builder().allow("dynamodb:GetItem", resource))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allow_whenAnS3KeyHoldsSpacesOrNonAscii_namesItLiterally() {
        SessionPolicy policy = SessionPolicyBuilder.build(AwsAccess.builder()
                .allow("s3:GetObject", "arn:aws:s3:::reports/q3 summary – é.csv").build());

        assertThat(policy.json()).contains("arn:aws:s3:::reports/q3 summary – é.csv");
    }

    @Test
    void allow_whenSendCommandNamesAnInstance_acceptsTheEc2Arn() {
        SessionPolicy policy = SessionPolicyBuilder.build(AwsAccess.builder()
                .allow("ssm:SendCommand", "arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0").build());

        assertThat(policy.json()).contains("instance/i-0123456789abcdef0");
    }

    @Test
    void allow_whenArnIsOfAnotherService_refusesIt() {
        assertThatThrownBy(() -> AwsAccess.builder().allow("s3:GetObject",
                "arn:aws:dynamodb:us-east-1:123456789012:table/orders"))
                .hasMessageContaining("s3:GetObject cannot apply to a dynamodb resource");
        assertThatThrownBy(() -> AwsAccess.builder().allow("rds-data:ExecuteStatement", SECRET))
                .hasMessageContaining("needs a rds ARN");
    }

    @Test
    void allow_whenWildcardResourceForAnActionWithResources_refusesIt() {
        assertThatThrownBy(() -> AwsAccess.builder().allow("s3:GetObject", "*"))
                .hasMessageContaining("supports resource-level permissions");
        assertThatThrownBy(() -> AwsAccess.builder().allowWithoutResource("dynamodb:GetItem"))
                .hasMessageContaining("supports resource-level permissions");
        assertThatThrownBy(() -> AwsAccess.builder().allow("sts:GetCallerIdentity", "arn:aws:sts::123456789012:x"))
                .hasMessageContaining("no resource-level permission");
    }

    @Test
    void rdsDataApi_whenArnsAreNotClusterAndSecret_refusesThem() {
        assertThatThrownBy(() -> AwsAccess.builder().rdsDataApi("arn:aws:rds:eu-west-1:123456789012:db:orders",
                SECRET, RdsDataAction.EXECUTE_STATEMENT)).hasMessageContaining("Aurora cluster");
        assertThatThrownBy(() -> AwsAccess.builder().rdsDataApi(CLUSTER,
                "arn:aws:secretsmanager:eu-west-1:123456789012:other:x", RdsDataAction.EXECUTE_STATEMENT))
                .hasMessageContaining("not a Secrets Manager secret ARN");
        assertThatThrownBy(() -> AwsAccess.builder().rdsDataApi(CLUSTER, SECRET))
                .hasMessageContaining("at least one action");
        assertThatThrownBy(() -> AwsAccess.builder().build()).hasMessageContaining("at least one action");
    }

    @Test
    void build_whenPolicyExceedsStsLimit_failsClosedNamingSizeAndLimit() {
        AwsAccess.Builder access = AwsAccess.builder();
        for (int i = 0; i < 40; i++) {
            access.allow("s3:GetObject", "arn:aws:s3:::reports/2026/11/object-number-" + i + ".csv");
        }

        assertThatThrownBy(() -> SessionPolicyBuilder.build(access.build()))
                .isInstanceOf(SessionPolicyTooLargeException.class)
                .hasMessageContaining("over STS's limit of 2048")
                .hasMessageMatching(".* is \\d{4} characters packed.*")
                .hasMessageNotContaining("object-number");
    }

    @Test
    void build_whenPolicyIsExactlyAtTheLimit_acceptsIt() {
        String prefix = "arn:aws:s3:::b/";
        int overhead = SessionPolicyBuilder.build(AwsAccess.builder().allow("s3:GetObject", prefix + "x").build())
                .length() - 1;
        String key = "k".repeat(SessionPolicy.MAX_CHARACTERS - overhead);

        assertThat(SessionPolicyBuilder.build(AwsAccess.builder().allow("s3:GetObject", prefix + key).build()).length())
                .isEqualTo(SessionPolicy.MAX_CHARACTERS);
        assertThatThrownBy(() -> SessionPolicyBuilder.build(AwsAccess.builder()
                .allow("s3:GetObject", prefix + key + "k").build()))
                .isInstanceOf(SessionPolicyTooLargeException.class);
    }
}
