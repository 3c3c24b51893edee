package dev.airlock.core.pipeline;

import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.SqlExecution;
import dev.airlock.core.port.ResponseMasker;
import dev.airlock.core.port.StatementFailedException;
import dev.airlock.core.port.TargetUnavailableException;

import java.util.Optional;

/**
 * Stage 7: run exactly the statement policy decided on. Reads run in a READ ONLY
 * transaction, so the database itself refuses a write the classifier missed.
 */
final class ExecuteStatement implements Stage {
    private final ResponseMasker masker;
    private final PipelineSettings settings;

    ExecuteStatement(ResponseMasker masker, PipelineSettings settings) {
        this.masker = masker;
        this.settings = settings;
    }

    @Override
    public Optional<PipelineOutcome> apply(SqlExchange x) {
        SqlExecution execution = new SqlExecution(x.requestId, x.request.sql(), x.request.params(),
                x.classification.risk() == RiskClass.READ, x.decision.maxRows(), settings.statementTimeout());
        try {
            x.result = x.target.execute(execution, x.credentials);
            return Optional.empty();
        } catch (StatementFailedException e) {
            // The database's message can quote row data, so it is masked like any response.
            return x.refuse(ProblemKind.STATEMENT_FAILED, "The database refused the statement (SQLSTATE "
                    + e.sqlState() + "): " + masker.maskText(String.valueOf(e.getMessage())));
        } catch (TargetUnavailableException e) {
            return x.refuse(ProblemKind.TARGET_UNAVAILABLE, e.getMessage());
        }
    }
}
