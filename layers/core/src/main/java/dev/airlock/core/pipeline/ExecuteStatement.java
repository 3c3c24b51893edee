package dev.airlock.core.pipeline;

import dev.airlock.core.model.Problem;
import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.SqlExecution;
import dev.airlock.core.port.ResponseMasker;
import dev.airlock.core.port.StatementFailedException;
import dev.airlock.core.port.TargetBusyException;
import dev.airlock.core.port.TargetUnavailableException;

import java.time.Duration;
import java.util.Optional;

/**
 * Stage 8: run exactly the statement policy decided on, in Airlock's own text of it. Reads run in a READ ONLY
 * transaction, so the database itself refuses a write the classifier missed.
 */
final class ExecuteStatement implements Stage {
    private final ResponseMasker masker;
    private final PipelineSettings settings;

    ExecuteStatement(ResponseMasker masker, PipelineSettings settings) {
        this.masker = masker;
        this.settings = settings;
    }

    /** The gateway's timeout, or the permitting policy's {@code @timeout} when that is shorter. */
    private Duration statementTimeout(SqlExchange x) {
        Duration gateway = settings.statementTimeout();
        return x.decision.statementTimeout().filter(own -> own.compareTo(gateway) < 0).orElse(gateway);
    }

    @Override
    public Optional<PipelineOutcome> apply(SqlExchange x) {
        if (!x.classification.executable()) {
            // Nothing Airlock could not read as exactly one statement reaches the database, even
            // when a policy permits sql:unknown.
            return x.refuse(ProblemKind.POLICY_DENIED, "Airlock runs only statements it can read as exactly one "
                    + "statement: " + x.classification.unknownReason().orElse("this one it cannot."));
        }
        SqlExecution execution = new SqlExecution(x.requestId, x.request.sql(), x.request.params(),
                x.classification.risk() == RiskClass.READ, x.decision.maxRows(), statementTimeout(x),
                x.agent == null ? SqlExecution.NO_AGENT : x.agent.agentId());
        try {
            x.result = x.target.execute(execution, x.credentials);
            return Optional.empty();
        } catch (StatementFailedException e) {
            return x.refuse(ProblemKind.STATEMENT_FAILED, SqlStates.describe(e.sqlState()));
        } catch (TargetBusyException e) {
            return Optional.of(new PipelineOutcome.Refused(x.requestId,
                    Problem.retryable(ProblemKind.TARGET_BUSY, e.getMessage(), e.retryAfter())));
        } catch (TargetUnavailableException e) {
            return x.refuse(ProblemKind.TARGET_UNAVAILABLE, e.getMessage());
        }
    }
}
