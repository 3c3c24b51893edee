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
    }
}
