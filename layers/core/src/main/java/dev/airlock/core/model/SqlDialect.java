package dev.airlock.core.model;

/**
 * The SQL dialect of a target: how its statements are tokenised and parsed, and how its
 * identifiers fold.
 */
public enum SqlDialect {
    /** PostgreSQL: unquoted identifiers fold to lower case; unqualified tables live in {@code public}. */
    POSTGRESQL("public", true),
    /** MySQL: backtick identifiers, {@code #} comments, backslash escapes; tables live in the connection's database. */
    MYSQL(null, false);

    private final String defaultSchema;
    private final boolean foldsToLowerCase;

    SqlDialect(String defaultSchema, boolean foldsToLowerCase) {
        this.defaultSchema = defaultSchema;
        this.foldsToLowerCase = foldsToLowerCase;
    }

    /** The schema unqualified names resolve to, or null when it depends on the connection (MySQL). */
    public String defaultSchema() {
        return defaultSchema;
    }

    public boolean foldsToLowerCase() {
        return foldsToLowerCase;
    }
}
