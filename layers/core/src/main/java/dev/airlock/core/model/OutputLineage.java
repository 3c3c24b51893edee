package dev.airlock.core.model;

import java.util.Objects;
import java.util.Set;

/**
 * Where the values of one result column come from, as Airlock's parse reads it.
 *
 * @param direct    the column is one source column passed through unchanged (through aliases,
 *                  subqueries, CTEs and set operations), so that column's own rule applies to it as is
 * @param sources   every table column the value is computed from, through any expression,
 *                  function, cast, aggregate, window, subquery, CTE or set operation
 * @param wholeRows tables whose whole rows feed the value ({@code c}, {@code c.*} inside an
 *                  expression, {@code to_json(c)}, {@code (c).ssn})
 */
public record OutputLineage(boolean direct, Set<SourceColumn> sources, Set<TableRef> wholeRows) {
    public OutputLineage {
        sources = Set.copyOf(sources);
        wholeRows = Set.copyOf(wholeRows);
        Objects.requireNonNull(sources, "sources");
        if (direct && (sources.size() != 1 || !wholeRows.isEmpty())) {
            throw new IllegalArgumentException("a direct column has exactly one source column");
        }
    }

    /** A value computed from no table data at all (a constant, {@code count(*)}, {@code now()}). */
    public static OutputLineage constant() {
        return new OutputLineage(false, Set.of(), Set.of());
    }
}
