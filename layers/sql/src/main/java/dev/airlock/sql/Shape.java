package dev.airlock.sql;

import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.StatementKind;
import dev.airlock.core.model.TableRef;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * What a statement does by its shape, before side-effect functions are counted: its kind and
 * risk, the tables it changes, and the details policy can condition on.
 */
final class Shape {
    /** A table changed by the statement, how, and whether a WHERE limits it. */
    record Write(TableRef table, StatementKind kind, boolean restricted) {
    }

    StatementKind kind;
    RiskClass risk;
    final List<Write> writes = new ArrayList<>();
    final List<String> columnsWritten = new ArrayList<>();
    boolean locksRows;
    OptionalLong rowLimit = OptionalLong.empty();
    /** Set when the statement cannot be allowed as anything but {@code sql:unknown}. */
    String unknownReason;
    /** False when the statement runs nothing, so the functions it names are not called (EXPLAIN). */
    boolean executes = true;
    /** False for statements that touch no table's rows (SHOW, SET ROLE, CALL), which the table finder cannot walk. */
    boolean readsRows = true;

    Shape(StatementKind kind, RiskClass risk) {
        this.kind = kind;
        this.risk = risk;
    }

    static Shape unknown(String reason) {
        Shape shape = new Shape(StatementKind.UNKNOWN, RiskClass.UNKNOWN);
        shape.unknownReason = reason;
        return shape;
    }

    /** Adds writes and recomputes kind and risk: the strongest write decides; no WHERE is destructive. */
    Shape withWrites(List<Write> added) {
        writes.addAll(added);
        for (Write write : added) {
            if (rank(write.kind()) > rank(kind)) {
                kind = write.kind();
            }
            RiskClass writeRisk = write.restricted() ? RiskClass.WRITE : RiskClass.DESTRUCTIVE;
            risk = RiskOrder.worse(risk, writeRisk);
        }
        return this;
    }

    /** DELETE outranks UPDATE outranks MERGE outranks INSERT outranks SELECT. */
    static int rank(StatementKind kind) {
        return switch (kind) {
            case SELECT -> 0;
            case INSERT -> 1;
            case MERGE -> 2;
            case UPDATE -> 3;
            case DELETE -> 4;
            default -> 5;
        };
    }
}
