package dev.airlock.function;

import dev.airlock.targets.rdsdata.RdsDataTargetSpec;

import java.util.List;

/** The function's RDS Data API targets, from AIRLOCK_RDS_DATA_TARGETS; none when it is unset. */
record RdsDataTargets(List<RdsDataTargetSpec> specs) {
    RdsDataTargets {
        specs = List.copyOf(specs);
    }
}
