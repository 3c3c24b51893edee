package dev.airlock.credentials.aws;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.PolicyEvaluationDecisionType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Optional check against a real account: IAM's policy simulator evaluates the session policies
 * moto cannot. Runs only when {@code AIRLOCK_REAL_AWS_PROFILE} names a profile allowed to call
 * {@code iam:SimulateCustomPolicy}; the resources need not exist and nothing is created.
 */
@EnabledIfEnvironmentVariable(named = "AIRLOCK_REAL_AWS_PROFILE", matches = ".+")
class SessionPolicySimulationTest {
    private static final String ACCOUNT = System.getenv().getOrDefault("AIRLOCK_REAL_AWS_ACCOUNT", "123456789012");
    private static final String CLUSTER = "arn:aws:rds:us-east-1:" + ACCOUNT + ":cluster:orders";
    private static final String NEIGHBOUR_CLUSTER = "arn:aws:rds:us-east-1:" + ACCOUNT + ":cluster:orders-2";
    private static final String SECRET = "arn:aws:secretsmanager:us-east-1:" + ACCOUNT + ":secret:orders-db-AbCdEf";
    private static final String NEIGHBOUR_SECRET =
            "arn:aws:secretsmanager:us-east-1:" + ACCOUNT + ":secret:billing-db-AbCdEf";
    private static IamClient iam;

    @BeforeAll
    static void start() {
        iam = IamClient.builder().region(Region.AWS_GLOBAL)
                .credentialsProvider(ProfileCredentialsProvider.create(System.getenv("AIRLOCK_REAL_AWS_PROFILE")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() {
        iam.close();
    }

    private static PolicyEvaluationDecisionType decision(SessionPolicy policy, String action, String resource) {
        return iam.simulateCustomPolicy(b -> b.policyInputList(policy.json()).actionNames(action)
                .resourceArns(resource)).evaluationResults().get(0).evalDecision();
    }

    @Test
    void simulateCustomPolicy_whenRdsDataApiPolicy_allowsTheClusterAndSecretAndDeniesNeighbours() {
        SessionPolicy policy = SessionPolicyBuilder.build(AwsAccess.builder()
                .rdsDataApi(CLUSTER, SECRET, RdsDataAction.EXECUTE_STATEMENT).build());

        assertThat(decision(policy, "rds-data:ExecuteStatement", CLUSTER))
                .isEqualTo(PolicyEvaluationDecisionType.ALLOWED);
        assertThat(decision(policy, "secretsmanager:GetSecretValue", SECRET))
                .isEqualTo(PolicyEvaluationDecisionType.ALLOWED);
        assertThat(decision(policy, "rds-data:ExecuteStatement", NEIGHBOUR_CLUSTER))
                .isEqualTo(PolicyEvaluationDecisionType.IMPLICIT_DENY);
        assertThat(decision(policy, "secretsmanager:GetSecretValue", NEIGHBOUR_SECRET))
                .isEqualTo(PolicyEvaluationDecisionType.IMPLICIT_DENY);
        assertThat(decision(policy, "rds-data:BatchExecuteStatement", CLUSTER))
                .isEqualTo(PolicyEvaluationDecisionType.IMPLICIT_DENY);
    }

    @Test
    void simulateCustomPolicy_whenGenericAction_allowsThatObjectOnly() {
        SessionPolicy policy = SessionPolicyBuilder.build(AwsAccess.builder()
                .allow("s3:GetObject", "arn:aws:s3:::airlock-reports/2026/11/a.csv").build());

        assertThat(decision(policy, "s3:GetObject", "arn:aws:s3:::airlock-reports/2026/11/a.csv"))
                .isEqualTo(PolicyEvaluationDecisionType.ALLOWED);
        assertThat(decision(policy, "s3:GetObject", "arn:aws:s3:::airlock-reports/2026/11/b.csv"))
                .isEqualTo(PolicyEvaluationDecisionType.IMPLICIT_DENY);
        assertThat(decision(policy, "s3:PutObject", "arn:aws:s3:::airlock-reports/2026/11/a.csv"))
                .isEqualTo(PolicyEvaluationDecisionType.IMPLICIT_DENY);
    }
}
