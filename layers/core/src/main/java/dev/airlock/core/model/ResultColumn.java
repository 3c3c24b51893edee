package dev.airlock.core.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A column of a result set: the label the agent sees, and where its values came from
 * when the database can tell, so that masking cannot be dodged by aliasing a column.
 */
public record ResultColumn(String label, Optional<TableRef> sourceTable, Optional<String> sourceColumn) {
    public ResultColumn {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(sourceTable, "sourceTable");
        Objects.requireNonNull(sourceColumn, "sourceColumn");
    }

    public static ResultColumn labelled(String label) {
        return new ResultColumn(label, Optional.empty(), Optional.empty());
    }
}
