package dev.airlock.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.ServerlessChecks;
import software.amazon.awscdk.Aspects;
import software.constructs.IConstruct;

import java.util.List;

/**
 * cdk-nag's AWS Solutions and Serverless rule packs, and the findings Airlock answers with a
 * reason instead of a change. Each suppression names the rule and why it does not apply.
 */
public final class AirlockChecks {
    private AirlockChecks() {
    }

    /** Adds both rule packs to everything under {@code scope} (an App or a Stack). */
    public static void apply(IConstruct scope) {
        Aspects.of(scope).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        Aspects.of(scope).add(new ServerlessChecks(NagPackProps.builder().verbose(true).build()));
    }

    static NagPackSuppression because(String rule, String reason) {
        return NagPackSuppression.builder().id(rule).reason(reason).build();
    }

    static void suppress(IConstruct construct, NagPackSuppression... suppressions) {
        NagSuppressions.addResourceSuppressions(construct, List.of(suppressions), true);
    }

    /** The justified findings of {@link AirlockStack}. */
    static void suppressJustified(AirlockStack stack) {
        String xrayAndLogDelivery = "X-Ray's PutTraceSegments/PutTelemetryRecords and Step Functions' log delivery "
                + "actions (logs:CreateLogDelivery and the like) accept only Resource '*' "
                + "(https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html)";
        String indexes = "The stores query the indexes this stack defines on the table (AirlockTables); table/index/* is "
                + "exactly those indexes, and queries only read";
        for (String role : List.of("GatewayRole", "UpkeepRole", "NotifierRole", "ApprovalWorkflowRole")) {
            IConstruct policy = stack.getNode().findChild(role).getNode().findChild("DefaultPolicy");
            NagSuppressions.addResourceSuppressions(policy, List.of(NagPackSuppression.builder()
                    .id("AwsSolutions-IAM5").reason(xrayAndLogDelivery).appliesTo(List.of("Resource::*")).build(),
                    NagPackSuppression.builder().id("AwsSolutions-IAM5").reason(indexes).appliesTo(List.of(
                            "Resource::<" + logicalId(stack, stack.auditTable()) + ".Arn>/index/*",
                            "Resource::<" + logicalId(stack, stack.approvalsTable()) + ".Arn>/index/*")).build()),
                    true);
        }
        suppress(stack.gateway(), because("Serverless-LambdaDLQ", "API Gateway invokes the gateway synchronously: "
                + "the caller gets the error, there is no asynchronous event to keep"));
        suppress(stack.notifier(), because("Serverless-LambdaDLQ", "Only the SQS event source mapping invokes it; "
                + "a failed record returns to the approval queue, whose redrive policy moves it to the dead-letter "
                + "queue after 5 receives"));
        suppress(stack.upkeep(), because("Serverless-LambdaDLQ", "The schedule runs it every 5 minutes and each run "
                + "redoes whatever an earlier run missed (marking and digests are idempotent); a lost run loses nothing"));
        suppress(stack.getNode().findChild("AuditUpkeepSchedule"), because("Serverless-EventBusDLQ", "A missed "
                + "scheduled event is made up by the next one 5 minutes later; the upkeep run is idempotent"));
        suppress(stack.getNode().findChild("ApprovalNoticesDeadLetters"), because("Serverless-SQSRedrivePolicy",
                "This is the dead-letter queue of the approval queue; it has nowhere further to send"));
        stack.notifier().getNode().getChildren().stream()
                .filter(child -> child.getNode().getId().startsWith("SqsEventSource:"))
                .forEach(mapping -> suppress(mapping, because("Serverless-LambdaEventSourceMappingDestination",
                        "SQS event source mappings take no on-failure destination; failed records return to the "
                                + "queue, whose redrive policy moves them to the dead-letter queue")));
        suppress(stack.getNode().findChild("Api"), because("AwsSolutions-APIG4", "The gateway authenticates every "
                + "request itself: gateway tokens (ES256, KMS-signed) on /v1 and /aws, signed one-time links on "
                + "/approvals, and POST /v1/token must be reachable with only the subject token it trades; "
                + "/.well-known/jwks.json and /health are public by design. An API Gateway authorizer would refuse "
                + "the token exchange and the approval links"));
    }

    private static String logicalId(software.amazon.awscdk.Stack stack, IConstruct construct) {
        return stack.getLogicalId((software.amazon.awscdk.CfnElement) construct.getNode().getDefaultChild());
    }
}
