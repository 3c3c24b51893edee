package dev.airlock.infra;

import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app ({@code cdk.json} runs it). Without {@value AirlockConfig#GATEWAY_ROLE_ARN} it
 * synthesizes the Airlock stack; with it, the stack a target account deploys (docs/deploy.md).
 */
public final class AirlockApp {
    private AirlockApp() {
    }

    public static void main(String[] args) {
        try {
            synthesize();
        } catch (IllegalArgumentException | IllegalStateException e) {
            // A missing context key or function zip: the message says what to do; the stack trace would bury it.
            System.err.println("airlock: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void synthesize() {
        App app = new App();
        if (AirlockConfig.wantsTargetAccount(app)) {
            new AirlockTargetAccountStack(app, AirlockConfig.stackName(app, "AirlockTarget"),
                    StackProps.builder().description("The role the Airlock gateway assumes in this account").build(),
                    AirlockConfig.targetAccountFromContext(app));
        } else {
            new AirlockStack(app, AirlockConfig.stackName(app, "Airlock"), AirlockConfig.fromContext(app));
        }
        AirlockChecks.apply(app);
        app.synth();
    }
}
