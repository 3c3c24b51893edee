package dev.airlock.core.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Lineage of a statement's result, from Airlock's own parse (never from result column names).
 *
 * @param outputs    one entry per result column, in order, when the parse can map them (empty
 *                   when it cannot, for example {@code select *} over a subquery)
 * @param sources    every table column the statement reads anywhere, resolved through aliases
 * @param wholeRows  every table whose whole row the statement reads inside an expression
 * @param mapped     whether {@code outputs} is trusted; when false, every result column the
 *                   database does not trace to one table column counts as derived from all of
 *                   {@code sources} and {@code wholeRows}
 * @param known      false when Airlock could not read the statement at all: masking then treats
 *                   every such column as derived from every masked column
 */
public record SqlLineage(List<OutputLineage> outputs, Set<SourceColumn> sources, Set<TableRef> wholeRows,
                         boolean mapped, boolean known) {
    /** Nothing is known: masking fails closed. */
    public static final SqlLineage UNKNOWN = new SqlLineage(List.of(), Set.of(), Set.of(), false, false);

    public SqlLineage {
        outputs = List.copyOf(outputs);
        sources = Set.copyOf(sources);
        wholeRows = Set.copyOf(wholeRows);
        Objects.requireNonNull(outputs, "outputs");
    }

    /**
     * The lineage of result column {@code index}: its own when mapped, else the whole statement's;
     * empty when the statement could not be read, so the caller must assume the worst.
     */
    public Optional<OutputLineage> output(int index) {
        if (!known) {
            return Optional.empty();
        }
        if (mapped && index >= 0 && index < outputs.size()) {
            return Optional.of(outputs.get(index));
        }
        return Optional.of(new OutputLineage(false, sources, wholeRows));
    }
}
