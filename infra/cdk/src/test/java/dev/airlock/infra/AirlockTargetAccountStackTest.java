package dev.airlock.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.iam.PolicyStatement;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AirlockTargetAccountStackTest {
    private static final String GATEWAY_ROLE = "arn:aws:iam::123456789012:role/Airlock-GatewayRole0A0569CA-AbC";
    private static final String CLUSTER = "arn:aws:rds:eu-west-1:111122223333:cluster:orders";
    private static final String SECRET = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:orders-AbCdEf";

    private static JsonNode synthesize(AirlockTargetRole.Props props) {
        return TestDeployments.json(Template.fromStack(new AirlockTargetAccountStack(new App(), "AirlockTarget",
                StackProps.builder().build(), props)));
    }

    @Test
    void targetRole_trustsOnlyTheGatewayRole_withSourceIdentityAndSessionTags() {
        JsonNode template = synthesize(AirlockTargetRole.props().gatewayRoleArn(GATEWAY_ROLE).roleName("airlock-target")
                .build());
        JsonNode role = TestDeployments.resources(template, "AWS::IAM::Role").values().iterator().next();
        assertThat(role.at("/Properties/RoleName").asText()).isEqualTo("airlock-target");
        List<String> actions = new java.util.ArrayList<>();
        for (JsonNode statement : role.at("/Properties/AssumeRolePolicyDocument/Statement")) {
            assertThat(statement.at("/Principal/AWS").asText()).isEqualTo(GATEWAY_ROLE);
            actions.addAll(TestDeployments.strings(statement.path("Action")));
        }
        assertThat(actions).containsExactlyInAnyOrderElementsOf(AirlockTargetRole.TRUSTED_ACTIONS);
        assertThat(template.path("Outputs").has("RoleArn")).isTrue();
    }

    @Test
    void rdsDataTarget_allowsTheDataApiOnItsCluster_andReadingOnlyItsSecret() {
        JsonNode template = synthesize(AirlockTargetRole.props().gatewayRoleArn(GATEWAY_ROLE)
                .rdsDataTarget(new AirlockTargetRole.RdsDataTarget(CLUSTER, SECRET)).build());
        var statements = TestDeployments.statements(template).stream()
                .filter(s -> s.where().contains("DefaultPolicy")).toList();
        assertThat(statements).anySatisfy(s -> {
            assertThat(s.actions()).containsExactlyInAnyOrderElementsOf(AirlockTargetRole.RDS_DATA_ACTIONS);
            assertThat(TestDeployments.strings(s.body().path("Resource"))).containsExactly(CLUSTER);
        });
        assertThat(statements).anySatisfy(s -> {
            assertThat(s.actions()).containsExactly("secretsmanager:GetSecretValue");
            assertThat(TestDeployments.strings(s.body().path("Resource"))).containsExactly(SECRET);
        });
    }

    @Test
    void rdsDataTargetWithAReadingUser_mayReadBothSecrets_andStillRunOnlyExecuteStatement() {
        String readSecret = SECRET.replace("secret:", "secret:reader-");
        JsonNode template = synthesize(AirlockTargetRole.props().gatewayRoleArn(GATEWAY_ROLE)
                .rdsDataTarget(new AirlockTargetRole.RdsDataTarget(CLUSTER, SECRET, java.util.Optional.of(readSecret)))
                .build());
        var statements = TestDeployments.statements(template).stream()
                .filter(s -> s.where().contains("DefaultPolicy")).toList();
        assertThat(statements).anySatisfy(s -> {
            assertThat(s.actions()).containsExactly("rds-data:ExecuteStatement");
            assertThat(TestDeployments.strings(s.body().path("Resource"))).containsExactly(CLUSTER);
        });
        assertThat(statements).anySatisfy(s -> {
            assertThat(s.actions()).containsExactly("secretsmanager:GetSecretValue");
            assertThat(TestDeployments.strings(s.body().path("Resource"))).containsExactlyInAnyOrder(SECRET, readSecret);
        });
        assertThat(statements).noneSatisfy(s -> assertThat(s.actions())
                .anyMatch(a -> a.contains("Transaction") || a.contains("Batch")));
    }

    @Test
    void awsCeiling_isWhatTheOperatorPasses() {
        JsonNode template = synthesize(AirlockTargetRole.props().gatewayRoleArn(GATEWAY_ROLE)
                .statement(PolicyStatement.Builder.create().actions(List.of("s3:GetObject"))
                        .resources(List.of("arn:aws:s3:::airlock-demo-reports/*")).build())
                .build());
        assertThat(TestDeployments.statements(template)).anySatisfy(s ->
                assertThat(s.actions()).containsExactly("s3:GetObject"));
    }

    @Test
    void aGatewayRoleArnThatIsNotARole_isRefusedNamingTheContextKey() {
        assertThatThrownBy(() -> AirlockTargetRole.props().gatewayRoleArn("*").build())
                .hasMessageContaining("airlock:gatewayRoleArn");
    }
}
