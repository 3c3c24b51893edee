package dev.airlock.local;

import dev.airlock.targets.rdsdata.RdsDataTargetSpec;
import dev.airlock.targets.rdsdata.RdsDataTargetsConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * Targets beyond the embedded {@code demo}, from {@code targets.json} in the data folder (the
 * format and its checks: {@link RdsDataTargetsConfig}). Read once at start-up.
 */
record LocalTargetsConfig(List<RdsDataTargetSpec> rdsData) {
    static final String FILE_NAME = "targets.json";
    static final LocalTargetsConfig NONE = new LocalTargetsConfig(List.of());

    LocalTargetsConfig {
        rdsData = List.copyOf(rdsData);
    }

    /** The file in {@code dataDir}, or no extra targets when there is none. */
    static LocalTargetsConfig load(Path dataDir, Collection<String> builtIn, Collection<String> declaredTargets,
                                   Path entitiesFile) {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return NONE;
        }
        try {
            return new LocalTargetsConfig(RdsDataTargetsConfig.parse(Files.readString(file), file.toString(), builtIn,
                    declaredTargets, entitiesFile.toString()));
        } catch (IOException e) {
            throw new LocalStartupException("Cannot read " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new LocalStartupException(e.getMessage(), e);
        }
    }
}
