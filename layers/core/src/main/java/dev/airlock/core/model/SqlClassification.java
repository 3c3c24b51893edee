package dev.airlock.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the classifier learned about one SQL text: the facts policy decides on.
 *
 * @param kind                the statement kind, {@link StatementKind#UNKNOWN} when it could not be classified
 * @param risk                the risk class: the worst thing the statement can do
 * @param accesses            every table touched, with how it is touched
 * @param hasWhere            whether an UPDATE or DELETE is restricted by a WHERE clause
 * @param statementCount      how many statements the text holds (Airlock runs exactly one)
 * @param columnsRead         columns read, as {@code table.column} where the table is known, {@code table.*} for a star
 * @param columnsWritten      columns assigned by INSERT or UPDATE, as {@code table.column}
 * @param functions           every function called, lower case
 * @param sideEffectFunctions the functions called that change state, wait, or reach outside the database
 * @param rowLimit            the statement's own LIMIT or FETCH FIRST, when it is a constant
 * @param locksRows           whether a SELECT takes row locks (FOR UPDATE / FOR SHARE)
 * @param unknownReason       why the text is {@link StatementKind#UNKNOWN}, for the agent's error message
 * @param executableSql       the one text Airlock sends to the database: rebuilt from its own reading of the
 *                            request (comments dropped, escapes decoded, literals re-quoted so that no lexer can
 *                            read them another way); empty when the text cannot be read as exactly one statement,
 *                            and then nothing runs
 * @param columnsFiltered     columns whose values decide which rows come back or in which order (WHERE, JOIN ON,
 *                            GROUP BY, HAVING, ORDER BY, window and LIMIT clauses, at any depth), resolved through
 *                            aliases to {@code schema.table.column}: a masked column here is a boolean oracle
 * @param lineage             where each result column's values come from, for masking
 * @param foldingAggregates   aggregates that fold many rows into one value ({@code json_agg}, {@code string_agg}, ...),
 *                            which a row cap alone does not cover
 */
public record SqlClassification(
        StatementKind kind,
        RiskClass risk,
        List<TableAccess> accesses,
        boolean hasWhere,
        int statementCount,
        List<String> columnsRead,
        List<String> columnsWritten,
        List<String> functions,
        List<String> sideEffectFunctions,
        OptionalLong rowLimit,
        boolean locksRows,
        Optional<String> unknownReason,
        String executableSql,
        List<String> columnsFiltered,
        SqlLineage lineage,
        List<String> foldingAggregates) {

    public SqlClassification {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(risk, "risk");
        accesses = List.copyOf(accesses);
        columnsRead = List.copyOf(columnsRead);
        columnsWritten = List.copyOf(columnsWritten);
        functions = List.copyOf(functions);
        sideEffectFunctions = List.copyOf(sideEffectFunctions);
        Objects.requireNonNull(rowLimit, "rowLimit");
        Objects.requireNonNull(unknownReason, "unknownReason");
        Objects.requireNonNull(executableSql, "executableSql");
        columnsFiltered = List.copyOf(columnsFiltered);
        Objects.requireNonNull(lineage, "lineage");
        foldingAggregates = List.copyOf(foldingAggregates);
    }

    /** Whether there is one statement text Airlock can send; without it nothing runs. */
    public boolean executable() {
        return !executableSql.isEmpty();
    }

    /** The same facts, sent to the database as {@code sql}. */
    public SqlClassification withExecutableSql(String sql) {
        return new SqlClassification(kind, risk, accesses, hasWhere, statementCount, columnsRead, columnsWritten,
                functions, sideEffectFunctions, rowLimit, locksRows, unknownReason, sql, columnsFiltered, lineage,
                foldingAggregates);
    }

    /** A statement Airlock cannot classify with confidence; never allowed without a policy that says so. */
    public static SqlClassification unknown(int statementCount, String reason) {
        return builder(StatementKind.UNKNOWN, RiskClass.UNKNOWN).statementCount(statementCount)
                .unknownReason(reason).build();
    }

    public static Builder builder(StatementKind kind, RiskClass risk) {
        return new Builder(kind, risk);
    }

    /** Tables read, in a stable order. */
    public List<TableRef> tablesRead() {
        return accesses.stream().filter(a -> a.kind() == StatementKind.SELECT).map(TableAccess::table)
                .distinct().sorted().toList();
    }

    /** Tables changed, in a stable order. */
    public List<TableRef> tablesWritten() {
        return accesses.stream().filter(a -> a.kind() != StatementKind.SELECT).map(TableAccess::table)
                .distinct().sorted().toList();
    }

    /** Builds a classification; everything but kind and risk defaults to empty. */
    public static final class Builder {
        private final StatementKind kind;
        private final RiskClass risk;
        private List<TableAccess> accesses = List.of();
        private boolean hasWhere;
        private int statementCount = 1;
        private List<String> columnsRead = List.of();
        private List<String> columnsWritten = List.of();
        private List<String> functions = List.of();
        private List<String> sideEffectFunctions = new ArrayList<>();
        private OptionalLong rowLimit = OptionalLong.empty();
        private boolean locksRows;
        private String unknownReason;
        private String executableSql = "";
        private List<String> columnsFiltered = List.of();
        private SqlLineage lineage = SqlLineage.UNKNOWN;
        private List<String> foldingAggregates = List.of();

        private Builder(StatementKind kind, RiskClass risk) {
            this.kind = kind;
            this.risk = risk;
        }

        public Builder accesses(List<TableAccess> accesses) {
            this.accesses = accesses;
            return this;
        }

        public Builder hasWhere(boolean hasWhere) {
            this.hasWhere = hasWhere;
            return this;
        }

        public Builder statementCount(int statementCount) {
            this.statementCount = statementCount;
            return this;
        }

        public Builder columnsRead(List<String> columnsRead) {
            this.columnsRead = columnsRead;
            return this;
        }

        public Builder columnsWritten(List<String> columnsWritten) {
            this.columnsWritten = columnsWritten;
            return this;
        }

        public Builder functions(List<String> functions) {
            this.functions = functions;
            return this;
        }

        public Builder sideEffectFunctions(List<String> sideEffectFunctions) {
            this.sideEffectFunctions = sideEffectFunctions;
            return this;
        }

        public Builder rowLimit(OptionalLong rowLimit) {
            this.rowLimit = rowLimit;
            return this;
        }

        public Builder locksRows(boolean locksRows) {
            this.locksRows = locksRows;
            return this;
        }

        public Builder unknownReason(String unknownReason) {
            this.unknownReason = unknownReason;
            return this;
        }

        public Builder executableSql(String executableSql) {
            this.executableSql = executableSql;
            return this;
        }

        public Builder columnsFiltered(List<String> columnsFiltered) {
            this.columnsFiltered = columnsFiltered;
            return this;
        }

        public Builder lineage(SqlLineage lineage) {
            this.lineage = lineage;
            return this;
        }

        public Builder foldingAggregates(List<String> foldingAggregates) {
            this.foldingAggregates = foldingAggregates;
            return this;
        }

        public SqlClassification build() {
            return new SqlClassification(kind, risk, accesses, hasWhere, statementCount, columnsRead, columnsWritten,
                    functions, sideEffectFunctions, rowLimit, locksRows, Optional.ofNullable(unknownReason),
                    executableSql, columnsFiltered, lineage, foldingAggregates);
        }
    }
}
