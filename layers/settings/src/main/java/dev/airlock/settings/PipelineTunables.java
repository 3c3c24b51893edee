package dev.airlock.settings;

import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.pipeline.PipelineSettings;

import java.time.Duration;

/**
 * The limits of the request pipeline an operator may tune, read the same way by the gateway
 * function and the local gateway. Each falls back to the pipeline's default and is bounded, so
 * that a slip (seconds for minutes, a lost digit) stops start-up instead of running.
 *
 * @param pipeline       the statement timeout, approval wait, SQL length and parameter count
 * @param defaultMaxRows the rows a read returns when no policy sets a lower {@code @maxRows}
 */
public record PipelineTunables(PipelineSettings pipeline, int defaultMaxRows) {
    public static final PipelineTunables DEFAULTS =
            new PipelineTunables(PipelineSettings.DEFAULTS, PolicyDecision.DEFAULT_MAX_ROWS);

    /** Lambda runs a function for 15 minutes at most; nothing the gateway runs may outlast it. */
    public static final Duration MAX_STATEMENT_TIMEOUT = Duration.ofMinutes(15);
    public static final Duration MAX_APPROVAL_WAIT = Duration.ofDays(7);
    /** PostgreSQL's wire protocol carries at most 65535 bind parameters. */
    public static final int MAX_PARAMS_LIMIT = 65_535;
    public static final int MAX_SQL_LENGTH_LIMIT = 10_000_000;
    public static final int MAX_ROWS_LIMIT = 1_000_000;

    public static final Setting STATEMENT_TIMEOUT = new Setting("airlock.statement-timeout",
            "how long one statement may run, such as 30s (default 30s, from 1s to 15m; a policy's @timeout may "
                    + "only shorten it)");
    public static final Setting APPROVAL_WAIT = new Setting("airlock.approval.wait",
            "how long a held request waits for approvers before it expires when its policy says no @maxWait, "
                    + "such as 1h (default 1h, from 1m to 7d)");
    public static final Setting MAX_SQL_LENGTH = new Setting("airlock.max-sql-length",
            "the longest SQL text accepted, in characters (default 100000)");
    public static final Setting MAX_PARAMS = new Setting("airlock.max-params",
            "the most bind parameters one request may carry (default 1000)");
    public static final Setting MAX_ROWS = new Setting("airlock.max-rows",
            "the most rows a read returns when no policy sets a lower @maxRows (default 1000)");

    public PipelineTunables {
        if (defaultMaxRows < 1) {
            throw new IllegalArgumentException("defaultMaxRows must be positive");
        }
    }

    /** Reads every tunable; problems go to the reader, and defaults stand in for wrong values. */
    public static PipelineTunables read(SettingsReader reader) {
        PipelineSettings d = PipelineSettings.DEFAULTS;
        Duration statementTimeout = reader.duration(STATEMENT_TIMEOUT, d.statementTimeout(), Duration.ofSeconds(1),
                MAX_STATEMENT_TIMEOUT);
        Duration approvalWait = reader.duration(APPROVAL_WAIT, d.approvalWait(), Duration.ofMinutes(1),
                MAX_APPROVAL_WAIT);
        int maxSqlLength = reader.integer(MAX_SQL_LENGTH, d.maxSqlLength(), 1, MAX_SQL_LENGTH_LIMIT);
        int maxParams = reader.integer(MAX_PARAMS, d.maxParams(), 0, MAX_PARAMS_LIMIT);
        int maxRows = reader.integer(MAX_ROWS, PolicyDecision.DEFAULT_MAX_ROWS, 1, MAX_ROWS_LIMIT);
        return new PipelineTunables(new PipelineSettings(statementTimeout, approvalWait, maxSqlLength, maxParams),
                maxRows);
    }
}
