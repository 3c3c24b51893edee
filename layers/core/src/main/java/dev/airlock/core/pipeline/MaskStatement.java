package dev.airlock.core.pipeline;

import dev.airlock.core.model.Effect;
import dev.airlock.core.model.MaskedStatement;
import dev.airlock.core.model.SourceColumn;
import dev.airlock.core.model.SqlClassification;
import dev.airlock.core.model.TableRef;
import dev.airlock.core.port.ResponseMasker;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Stage 3b: the statement as the audit trail and approvers' notices keep it. Once policy has
 * named the masked columns, every literal and parameter of a statement that touches one is
 * masked by its rule, since any of them may hold that column's value.
 */
final class MaskStatement implements Stage {
    private final ResponseMasker masker;

    MaskStatement(ResponseMasker masker) {
        this.masker = masker;
    }

    @Override
    public Optional<PipelineOutcome> apply(SqlExchange x) {
        if (x.decision.effect() == Effect.DENY) {
            // A denial names no masked columns: the blind masking of every literal stands.
            return Optional.empty();
        }
        MaskedStatement masked = masker.maskStatement(x.request.sql(), x.request.params(),
                x.decision.maskRules(), columnsReferenced(x.classification));
        x.maskedStatement = masked.statement();
        x.maskedParams = masked.params();
        return Optional.empty();
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
