package dev.airlock.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** cfn-lint, the CloudFormation linter, finds no error in either synthesized template. */
class CfnLintTest {

    @Test
    void airlockTemplate_passesCfnLint() throws Exception {
        JsonNode template = TestDeployments.json(Template.fromStack(new AirlockStack(new App(), "Airlock",
                TestDeployments.props().domainName("airlock.example.com")
                        .certificateArn("arn:aws:acm:eu-west-1:123456789012:certificate/abc").build())));
        lint("Airlock", template);
    }

    @Test
    void targetAccountTemplate_passesCfnLint() throws Exception {
        JsonNode template = TestDeployments.json(Template.fromStack(new AirlockTargetAccountStack(new App(),
                "AirlockTarget", StackProps.builder().build(), AirlockTargetRole.props()
                .gatewayRoleArn("arn:aws:iam::123456789012:role/Airlock-GatewayRole")
                .rdsDataTarget(new AirlockTargetRole.RdsDataTarget("arn:aws:rds:eu-west-1:111122223333:cluster:orders",
                        "arn:aws:secretsmanager:eu-west-1:111122223333:secret:orders-abc123"))
                .build())));
        lint("AirlockTarget", template);
    }

    private static void lint(String name, JsonNode template) throws IOException, InterruptedException {
        Path file = Path.of("target", "cfn-lint", name + ".template.json").toAbsolutePath();
        Files.createDirectories(file.getParent());
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), template);
        Process lint;
        try {
            lint = new ProcessBuilder("cfn-lint", "--format", "parseable",
                    // W3005: CDK puts a role's policy in DependsOn as well as in GetAtt; redundant, not wrong.
                    "--ignore-checks", "W3005", "--", file.toString()).redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cfn-lint is not on the PATH: install it (pip install cfn-lint); the "
                    + "build lints every synthesized template.", e);
        }
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.waitFor(5, TimeUnit.MINUTES)).isTrue();
        // cfn-lint's exit code is a bit set: 2 errors, 4 warnings, 8 informational.
        assertThat(lint.exitValue() & 2).as("cfn-lint errors in " + file + ":\n" + output).isZero();
        assertThat(lint.exitValue() & 4).as("cfn-lint warnings in " + file + ":\n" + output).isZero();
    }
}
