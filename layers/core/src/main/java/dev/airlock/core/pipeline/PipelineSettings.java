package dev.airlock.core.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits the pipeline enforces on every request.
 *
 * @param statementTimeout how long a statement may run
 * @param approvalWait     how long a held request waits for a human before it expires
 * @param maxSqlLength     the longest SQL text accepted, in characters
 * @param maxParams        the most parameters accepted
 */
public record PipelineSettings(Duration statementTimeout, Duration approvalWait, int maxSqlLength, int maxParams) {
    public static final PipelineSettings DEFAULTS =
            new PipelineSettings(Duration.ofSeconds(30), Duration.ofHours(1), 100_000, 1_000);

    public PipelineSettings {
        Objects.requireNonNull(statementTimeout, "statementTimeout");
        Objects.requireNonNull(approvalWait, "approvalWait");
    }
}
