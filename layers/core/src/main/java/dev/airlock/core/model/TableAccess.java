package dev.airlock.core.model;

import java.util.Objects;

/**
 * One table a statement touches and how: an UPDATE of {@code orders} that reads
 * {@code customers} in a sub-query touches orders as UPDATE and customers as SELECT.
 */
public record TableAccess(TableRef table, StatementKind kind) {
    public TableAccess {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(kind, "kind");
    }
}
