package dev.airlock.sql.lineage;

import dev.airlock.core.model.TableRef;

import java.util.List;
import java.util.Optional;

/** The columns of a table, in order, when Airlock knows them; {@code select *} expands through them. */
@FunctionalInterface
public interface TableColumns {
    Optional<List<String>> columnsOf(TableRef table);

    /** No catalog: {@code select *} over a table leaves the result unmapped. */
    static TableColumns unknown() {
        return table -> Optional.empty();
    }
}
