package dev.airlock.core.port;

/**
 * The database refused a statement (syntax, missing column, constraint, permission). The
 * message is the database's own and may quote data: mask it before it leaves the gateway.
 */
public class StatementFailedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String sqlState;

    public StatementFailedException(String sqlState, String databaseMessage) {
        super(databaseMessage);
        this.sqlState = sqlState;
    }

    public String sqlState() {
        return sqlState;
    }
}
