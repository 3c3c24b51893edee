package dev.airlock.sql.engine;

import dev.airlock.core.engine.Execution;
import dev.airlock.core.engine.ExecutionRequest;
import dev.airlock.core.engine.HeldOperation;
import dev.airlock.core.engine.MaskedSummary;
import dev.airlock.core.engine.PreparedRequest;
import dev.airlock.core.engine.RequestFacts;
import dev.airlock.core.model.MaskedStatement;
import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.model.Problem;
import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.SourceColumn;
import dev.airlock.core.model.SqlClassification;
import dev.airlock.core.model.SqlExecution;
import dev.airlock.core.model.SqlRequest;
import dev.airlock.core.model.StatementKind;
import dev.airlock.core.model.TableRef;
import dev.airlock.core.model.TargetCredentials;
import dev.airlock.core.pipeline.PipelineSettings;
import dev.airlock.core.port.PolicyCheck;
import dev.airlock.core.port.ResponseMasker;
import dev.airlock.core.port.SqlTarget;
import dev.airlock.core.port.StatementFailedException;
import dev.airlock.core.port.TargetBusyException;
import dev.airlock.core.port.TargetUnavailableException;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** One SQL statement classified for its target, in Airlock's own executable text. */
final class SqlPreparedRequest implements PreparedRequest {
    private final SqlRequest request;
    private final SqlClassification classification;
    private final SqlTarget target;
    private final ResponseMasker masker;
    private final PipelineSettings settings;
    private final RequestFacts facts;

    SqlPreparedRequest(SqlRequest request, SqlClassification classification, SqlTarget target, ResponseMasker masker,
                       PipelineSettings settings) {
        this.request = request;
        this.classification = classification;
        this.target = target;
        this.masker = masker;
        this.settings = settings;
        this.facts = facts(request.target(), classification);
    }

    private static RequestFacts facts(String target, SqlClassification c) {
        List<String> resources = c.accesses().stream()
                .map(access -> target + "." + access.table().qualifiedName()).distinct().toList();
        return new RequestFacts(SqlRequest.PROTOCOL, target, c.kind().name(), c.kind().action(), c.risk(), resources,
                c.tablesRead().stream().map(TableRef::qualifiedName).toList(),
                c.tablesWritten().stream().map(TableRef::qualifiedName).toList());
    }

    @Override
    public HeldOperation held() {
        return request.held();
    }

    @Override
    public RequestFacts facts() {
        return facts;
    }

    @Override
    public List<PolicyCheck> policyChecks() {
        return SqlPolicyChecks.of(request.target(), target.dialect(), classification);
    }

    @Override
    public List<String> rowFolding() {
        return classification.foldingAggregates();
    }

    @Override
    public Optional<String> unreadableReason() {
        return classification.kind() == StatementKind.UNKNOWN ? classification.unknownReason() : Optional.empty();
    }

    @Override
    public String canonicalForm(String agentId) {
        return CanonicalRequest.encode(agentId, request);
    }

    /**
     * Once policy has named the masked columns, every literal and parameter of a statement that
     * touches one is masked by its rule, since any of them may hold that column's value.
     */
    @Override
    public MaskedSummary summary(PolicyDecision decision) {
        MaskedStatement masked = masker.maskStatement(request.sql(), request.params(), decision.maskRules(),
                columnsReferenced(classification));
        return new MaskedSummary(masked.statement(), masked.params());
    }

    /**
     * Runs exactly the statement policy decided on. Reads run in a READ ONLY transaction, so the
     * database itself refuses a write the classifier missed.
     */
    @Override
    public Execution execute(TargetCredentials credentials, ExecutionRequest run) {
        if (!classification.executable()) {
            // Nothing Airlock could not read as exactly one statement reaches the database, even
            // when a policy permits sql:unknown.
            return failed(ProblemKind.POLICY_DENIED, "Airlock runs only statements it can read as exactly one "
                    + "statement: " + classification.unknownReason().orElse("this one it cannot."));
        }
        SqlExecution execution = new SqlExecution(run.requestId(), request.sql(), request.params(),
                classification.risk() == RiskClass.READ, run.decision().maxRows(), statementTimeout(run.decision()),
                run.agentId());
        try {
            return new Execution.Ran(new SqlAnswer(target.execute(execution, credentials), classification, masker));
        } catch (StatementFailedException e) {
            return failed(ProblemKind.STATEMENT_FAILED, SqlStates.describe(e.sqlState()));
        } catch (TargetBusyException e) {
            return new Execution.Failed(Problem.retryable(ProblemKind.TARGET_BUSY, e.getMessage(), e.retryAfter()));
        } catch (TargetUnavailableException e) {
            return failed(ProblemKind.TARGET_UNAVAILABLE, e.getMessage());
        }
    }

    private static Execution failed(ProblemKind kind, String detail) {
        return new Execution.Failed(Problem.of(kind, detail));
    }

    /** The gateway's timeout, or the permitting policy's {@code @timeout} when that is shorter. */
    private Duration statementTimeout(PolicyDecision decision) {
        Duration gateway = settings.statementTimeout();
        return decision.statementTimeout().filter(own -> own.compareTo(gateway) < 0).orElse(gateway);
    }

    /** Every column the statement reads, writes or filters on, as sources masking rules can cover. */
    static Set<SourceColumn> columnsReferenced(SqlClassification c) {
        Set<SourceColumn> columns = new LinkedHashSet<>(c.lineage().sources());
        for (List<String> names : List.of(c.columnsRead(), c.columnsWritten(), c.columnsFiltered())) {
            names.forEach(name -> columns.add(sourceColumn(name)));
        }
        return columns;
    }

    /** {@code schema.table.column}, {@code table.column} or a bare {@code column}. */
    private static SourceColumn sourceColumn(String name) {
        int last = name.lastIndexOf('.');
        if (last < 0) {
            return new SourceColumn(Optional.empty(), name);
        }
        String table = name.substring(0, last);
        int dot = table.lastIndexOf('.');
        TableRef ref = dot < 0 ? TableRef.of(null, table) : TableRef.of(table.substring(0, dot), table.substring(dot + 1));
        return new SourceColumn(Optional.of(ref), name.substring(last + 1));
    }
}
