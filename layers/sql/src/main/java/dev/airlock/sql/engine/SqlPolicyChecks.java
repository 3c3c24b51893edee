package dev.airlock.sql.engine;

import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.SqlClassification;
import dev.airlock.core.model.SqlDialect;
import dev.airlock.core.model.StatementKind;
import dev.airlock.core.model.TableAccess;
import dev.airlock.core.model.TableRef;
import dev.airlock.core.port.PolicyCheck;
import dev.airlock.core.port.PolicyQuery;

import java.time.Instant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Translates a classified statement into the questions policy answers: one per table it touches
 * (with the kind of access, {@code sql:select} on {@code Table::"demo.public.orders"}), the
 * statement's own kind on the target when no table carries it, and {@code sql:call} on the target
 * when it calls functions with side effects. Each check carries the {@code SqlContext} the schema
 * declares.
 */
public final class SqlPolicyChecks {
    static final String TABLE = "Table";
    static final String TARGET = "Target";

    private SqlPolicyChecks() {
    }

    public static List<PolicyCheck> of(String target, SqlDialect dialect, SqlClassification statement) {
        Map<String, Object> context = context(target, dialect, statement);
        List<PolicyCheck> checks = new ArrayList<>();
        for (TableAccess access : statement.accesses()) {
            String id = target + "." + access.table().qualifiedName();
            checks.add(new PolicyCheck(access.kind().action(), new PolicyCheck.Resource(TABLE, id), context,
                    Optional.of(access.table())));
        }
        PolicyCheck.Resource onTarget = new PolicyCheck.Resource(TARGET, target);
        boolean kindChecked = statement.accesses().stream().anyMatch(a -> a.kind() == statement.kind());
        if (!kindChecked) {
            checks.add(new PolicyCheck(statement.kind().action(), onTarget, context, Optional.empty()));
        }
        if (!statement.sideEffectFunctions().isEmpty() && statement.kind() != StatementKind.CALL) {
            checks.add(new PolicyCheck(StatementKind.CALL.action(), onTarget, context, Optional.empty()));
        }
        return checks;
    }

    /** The whole question for one statement, as the pipeline asks it. */
    public static PolicyQuery query(AgentIdentity agent, String target, SqlDialect dialect, SqlClassification statement,
                                    Instant now, Optional<String> sourceIp) {
        return new PolicyQuery(agent, of(target, dialect, statement), statement.foldingAggregates(), now, sourceIp);
    }

    /** The facts of {@code SqlContext}; the policy engine adds the token and the request's time and origin. */
    static Map<String, Object> context(String target, SqlDialect dialect, SqlClassification c) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("target", target);
        context.put("dialect", dialect.name().toLowerCase(Locale.ROOT));
        context.put("statementKind", c.kind().name().toLowerCase(Locale.ROOT));
        context.put("risk", c.risk().name().toLowerCase(Locale.ROOT));
        context.put("hasWhere", c.hasWhere());
        context.put("statementCount", (long) c.statementCount());
        context.put("tablesRead", c.tablesRead().stream().map(TableRef::qualifiedName).toList());
        context.put("tablesWritten", c.tablesWritten().stream().map(TableRef::qualifiedName).toList());
        context.put("columnsRead", c.columnsRead());
        context.put("columnsWritten", c.columnsWritten());
        context.put("columnsFiltered", c.columnsFiltered());
        context.put("foldingAggregates", c.foldingAggregates());
        context.put("functions", c.functions());
        context.put("sideEffectFunctions", c.sideEffectFunctions());
        c.rowLimit().ifPresent(limit -> context.put("rowLimit", limit));
        context.put("locksRows", c.locksRows());
        return context;
    }
}
