package dev.airlock.core.model;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A masking obligation from policy: values of {@code column} (of {@code table}, when given)
 * are replaced with {@code strategy} and counted as {@code type}.
 */
public record ColumnMaskRule(Optional<TableRef> table, String column, String type, MaskStrategy strategy) {
    public ColumnMaskRule {
        Objects.requireNonNull(table, "table");
        column = column.toLowerCase(Locale.ROOT);
        type = type.toLowerCase(Locale.ROOT);
        Objects.requireNonNull(strategy, "strategy");
    }

    /** Whether this rule covers a result column that came from {@code sourceTable.sourceColumn}. */
    public boolean covers(Optional<TableRef> sourceTable, String sourceColumn) {
        if (!column.equals(sourceColumn.toLowerCase(Locale.ROOT))) {
            return false;
        }
        return table.isEmpty() || table.equals(sourceTable);
    }
}
