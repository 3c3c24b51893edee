package dev.airlock.core.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the classifier learned about one SQL text.
 *
 * @param kind           the statement kind, {@link StatementKind#UNKNOWN} when it could not be parsed
 * @param risk           the risk class
 * @param accesses       every table touched, with how it is touched
 * @param hasWhere       whether an UPDATE or DELETE is restricted by a WHERE clause
 * @param statementCount how many statements the text holds (Airlock runs exactly one)
 * @param unknownReason  why the text is {@link StatementKind#UNKNOWN}, for the agent's error message
 */
public record SqlClassification(
        StatementKind kind,
        RiskClass risk,
        List<TableAccess> accesses,
        boolean hasWhere,
        int statementCount,
        Optional<String> unknownReason) {

    public SqlClassification {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(risk, "risk");
        accesses = List.copyOf(accesses);
        Objects.requireNonNull(unknownReason, "unknownReason");
    }

    public static SqlClassification unknown(int statementCount, String reason) {
        return new SqlClassification(StatementKind.UNKNOWN, RiskClass.UNKNOWN, List.of(), false, statementCount,
                Optional.of(reason));
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
}
