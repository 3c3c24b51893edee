package dev.airlock.core.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A result that is safe to leave the gateway.
 *
 * @param columns      column labels
 * @param rows         masked rows
 * @param rowsAffected rows changed by a write, or -1 for a read
 * @param truncated    whether the row cap cut the result
 * @param maskedCounts how many values were masked, per type ({@code email}, {@code card}, ...)
 */
public record MaskedResult(List<String> columns, List<List<Object>> rows, long rowsAffected, boolean truncated,
                           Map<String, Integer> maskedCounts) {
    public MaskedResult {
        columns = List.copyOf(columns);
        rows = Collections.unmodifiableList(rows);
        maskedCounts = Collections.unmodifiableMap(new TreeMap<>(maskedCounts));
    }

    public int rowCount() {
        return rows.size();
    }
}
