package dev.airlock.sql.lineage;

import dev.airlock.core.model.SqlLineage;
import dev.airlock.core.model.TableRef;

import java.util.List;
import java.util.Set;

/**
 * What Airlock's parse says about where a statement's data comes from.
 *
 * @param lineage         per result column lineage ({@link SqlLineage#UNKNOWN} when the statement
 *                        could not be read)
 * @param columnsFiltered every column ({@code schema.table.column}) a WHERE, JOIN, GROUP BY,
 *                        HAVING, ORDER BY, window, DISTINCT ON or LIMIT expression reads, at any
 *                        depth; a whole row read there is {@code schema.table.*}
 * @param wholeRowTables  every table whose whole row the statement reads
 */
public record LineageFacts(SqlLineage lineage, List<String> columnsFiltered, Set<TableRef> wholeRowTables) {
    public LineageFacts {
        columnsFiltered = List.copyOf(columnsFiltered);
        wholeRowTables = Set.copyOf(wholeRowTables);
    }

    /** Nothing could be read: masking fails closed. */
    public static final LineageFacts UNKNOWN = new LineageFacts(SqlLineage.UNKNOWN, List.of(), Set.of());
}
