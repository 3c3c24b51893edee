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
        Optional<String> unknownReason) {

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

        public SqlClassification build() {
            return new SqlClassification(kind, risk, accesses, hasWhere, statementCount, columnsRead, columnsWritten,
                    functions, sideEffectFunctions, rowLimit, locksRows, Optional.ofNullable(unknownReason));
        }
    }
}
