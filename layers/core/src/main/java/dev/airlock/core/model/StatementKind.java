package dev.airlock.core.model;

/** What a SQL statement does; each kind is a Cedar action {@code Action::"sql:<name>"}. */
public enum StatementKind {
    SELECT("sql:select"),
    INSERT("sql:insert"),
    UPDATE("sql:update"),
    DELETE("sql:delete"),
    MERGE("sql:merge"),
    TRUNCATE("sql:truncate"),
    DDL("sql:ddl"),
    PRIVILEGE("sql:privilege"),
    /** A procedure call, or a statement that calls functions with side effects. */
    CALL("sql:call"),
    UNKNOWN("sql:unknown");

    private final String action;

    StatementKind(String action) {
        this.action = action;
    }

    /** The Cedar action id, for example {@code sql:select}. */
    public String action() {
        return action;
    }
}
