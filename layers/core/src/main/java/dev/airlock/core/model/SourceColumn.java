package dev.airlock.core.model;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A table column a value is derived from: {@code public.customers.ssn}. The table is empty when
 * the statement's reading cannot tell which table a bare column name belongs to; masking then
 * treats the name as belonging to every table that has a rule for it.
 */
public record SourceColumn(Optional<TableRef> table, String column) {
    public SourceColumn {
        Objects.requireNonNull(table, "table");
        column = column.toLowerCase(Locale.ROOT);
    }

    public static SourceColumn of(TableRef table, String column) {
        return new SourceColumn(Optional.of(table), column);
    }

    /** {@code schema.table.column}, or the bare column name when the table is unknown. */
    public String qualifiedName() {
        return table.map(t -> t.qualifiedName() + "." + column).orElse(column);
    }

    @Override
    public String toString() {
        return qualifiedName();
    }
}
