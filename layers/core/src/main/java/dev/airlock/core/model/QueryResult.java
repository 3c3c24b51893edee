package dev.airlock.core.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a target returned, before masking. Cell values are JSON-ready: String, Number,
 * Boolean or null.
 *
 * @param columns      result columns, empty for statements that return no rows
 * @param rows         the rows, at most the row cap
 * @param rowsAffected rows changed by a write, or -1 for a read
 * @param truncated    whether more rows existed than the row cap allowed
 */
public record QueryResult(List<ResultColumn> columns, List<List<Object>> rows, long rowsAffected, boolean truncated) {
    public QueryResult {
        columns = List.copyOf(columns);
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copy);
    }

    public static QueryResult ofUpdate(long rowsAffected) {
        return new QueryResult(List.of(), List.of(), rowsAffected, false);
    }
}
