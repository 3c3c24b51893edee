package dev.airlock.infra;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** cdk-nag's AWS Solutions and Serverless packs find nothing left unanswered in either stack. */
class AirlockChecksTest {

    @Test
    void airlockStack_hasNoUnsuppressedNagFinding() {
        App app = new App();
        AirlockStack stack = new AirlockStack(app, "Airlock", TestDeployments.props().build());
        AirlockChecks.apply(app);
        assertThat(findings(stack)).isEmpty();
    }

    @Test
    void targetAccountStack_hasNoUnsuppressedNagFinding() {
        App app = new App();
        AirlockTargetAccountStack stack = new AirlockTargetAccountStack(app, "AirlockTarget", StackProps.builder().build(),
                AirlockTargetRole.props().gatewayRoleArn("arn:aws:iam::123456789012:role/Airlock-GatewayRole")
                        .rdsDataTarget(new AirlockTargetRole.RdsDataTarget(
                                "arn:aws:rds:eu-west-1:111122223333:cluster:orders",
                                "arn:aws:secretsmanager:eu-west-1:111122223333:secret:orders-abc123"))
                        .build());
        AirlockChecks.apply(app);
        assertThat(findings(stack)).isEmpty();
    }

    static List<String> findings(Stack stack) {
        Annotations annotations = Annotations.fromStack(stack);
        List<String> found = new ArrayList<>();
        var rules = Match.stringLikeRegexp("(AwsSolutions|Serverless)-.*");
        for (SynthesisMessage m : annotations.findError("*", rules)) {
            found.add("error " + m.getId() + ": " + m.getEntry().getData());
        }
        for (SynthesisMessage m : annotations.findWarning("*", rules)) {
            found.add("warning " + m.getId() + ": " + m.getEntry().getData());
        }
        return found;
    }
}
