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
                           Map<String, Integer> maskedCounts) implements dev.airlock.core.engine.MaskedResponse {
    public MaskedResult {
        columns = List.copyOf(columns);
        rows = Collections.unmodifiableList(rows);
        maskedCounts = Collections.unmodifiableMap(new TreeMap<>(maskedCounts));
    }

    public int rowCount() {
        return rows.size();
    }

    @Override
    public Map<String, Object> body() {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("columns", columns);
        body.put("rows", rows);
        body.put("rowCount", rowCount());
        body.put("truncated", truncated);
        if (rowsAffected >= 0) {
            body.put("rowsAffected", rowsAffected);
        }
        body.put("masked", maskedCounts);
        return body;
    }

    @Override
    public java.util.Optional<Integer> itemCount() {
        return java.util.Optional.of(rowCount());
    }

    @Override
    public java.util.Optional<Long> itemsChanged() {
        return rowsAffected >= 0 ? java.util.Optional.of(rowsAffected) : java.util.Optional.empty();
    }
}
