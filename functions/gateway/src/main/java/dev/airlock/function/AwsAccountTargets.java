package dev.airlock.function;

import dev.airlock.awsapi.AwsTargetsConfig;

import java.util.List;

/** The function's AWS account targets, from AIRLOCK_AWS_TARGETS; none when it is unset. */
record AwsAccountTargets(List<AwsTargetsConfig.Spec> specs) {
    AwsAccountTargets {
        specs = List.copyOf(specs);
    }
}
