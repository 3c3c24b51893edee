package dev.airlock.sql.engine;

import java.util.Map;

/**
 * What an agent learns when the database refuses a statement: the SQLSTATE and its condition
 * class, never the database's own message. Messages quote values ({@code invalid input syntax
 * for type integer: "<ssn>"}), so a forced error would read a masked column out; an allow-list
 * of fixed words cannot.
 */
final class SqlStates {
    /** PostgreSQL's condition classes (Appendix A), which other databases share for the most part. */
    private static final Map<String, String> CLASSES = Map.ofEntries(
            Map.entry("0A", "feature not supported"),
            Map.entry("21", "cardinality violation"),
            Map.entry("22", "data exception: a value is out of range, of the wrong type or malformed"),
            Map.entry("23", "integrity constraint violation"),
            Map.entry("25", "invalid transaction state: reads run in a READ ONLY transaction"),
            Map.entry("28", "invalid authorization"),
            Map.entry("2B", "dependent privilege descriptors still exist"),
            Map.entry("3D", "invalid catalog name"),
            Map.entry("3F", "invalid schema name"),
            Map.entry("40", "transaction rollback (serialization failure or deadlock); retry the request"),
            Map.entry("42", "syntax error or access rule violation: check names, types and grants"),
            Map.entry("44", "WITH CHECK OPTION violation"),
            Map.entry("53", "insufficient resources"),
            Map.entry("54", "program limit exceeded"),
            Map.entry("55", "object not in prerequisite state"),
            Map.entry("57", "operator intervention: the statement was cancelled or timed out"),
            Map.entry("P0", "PL/pgSQL error"),
            Map.entry("XX", "internal error"));

    private static final Map<String, String> CONDITIONS = Map.ofEntries(
            Map.entry("22012", "division by zero"),
            Map.entry("22P02", "invalid text representation"),
            Map.entry("22003", "numeric value out of range"),
            Map.entry("22001", "string data right truncation"),
            Map.entry("22007", "invalid datetime format"),
            Map.entry("22008", "datetime field overflow"),
            Map.entry("23502", "not null violation"),
            Map.entry("23503", "foreign key violation"),
            Map.entry("23505", "unique violation"),
            Map.entry("23514", "check violation"),
            Map.entry("25006", "read only sql transaction"),
            Map.entry("42501", "insufficient privilege"),
            Map.entry("42601", "syntax error"),
            Map.entry("42703", "undefined column"),
            Map.entry("42883", "undefined function"),
            Map.entry("42P01", "undefined table"),
            Map.entry("55P03", "lock not available"),
            Map.entry("57014", "query canceled: the statement timeout passed"));

    private SqlStates() {
    }

    /** The refusal an agent reads, naming the SQLSTATE and what it means and nothing the database said. */
    static String describe(String sqlState) {
        String state = sqlState == null || !sqlState.matches("[0-9A-Z]{5}") ? "unknown" : sqlState;
        String condition = CONDITIONS.get(state);
        String kind = state.length() == 5 ? CLASSES.getOrDefault(state.substring(0, 2), "error") : "error";
        return "The database refused the statement (SQLSTATE " + state + ": "
                + (condition == null ? kind : condition + ", " + kind)
                + "). Its message is not passed on, since it can quote row data.";
    }
}
