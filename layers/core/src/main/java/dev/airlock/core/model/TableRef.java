package dev.airlock.core.model;

import java.util.Locale;
import java.util.Objects;

/**
 * A table as the database resolves it: schema and name, folded to lower case the way
 * PostgreSQL folds unquoted identifiers.
 */
public record TableRef(String schema, String name) implements Comparable<TableRef> {
    public static final String DEFAULT_SCHEMA = "public";

    public TableRef {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
    }

    /** A PostgreSQL table name as written: unqualified names are in {@code public}. */
    public static TableRef of(String schemaOrNull, String name) {
        return of(schemaOrNull, name, DEFAULT_SCHEMA, true);
    }

    /**
     * A table name as written in a statement of some dialect: quoted identifiers keep their
     * case, unquoted ones fold to lower case where the dialect folds them.
     */
    public static TableRef of(String schemaOrNull, String name, String defaultSchema, boolean foldToLowerCase) {
        String schema = schemaOrNull == null || schemaOrNull.isBlank() ? defaultSchema : schemaOrNull;
        if (schema == null) {
            schema = "";
        }
        return new TableRef(fold(schema, foldToLowerCase), fold(name, foldToLowerCase));
    }

    private static String fold(String identifier, boolean foldToLowerCase) {
        if (identifier.length() >= 2 && identifier.startsWith("\"") && identifier.endsWith("\"")) {
            return identifier.substring(1, identifier.length() - 1).replace("\"\"", "\"");
        }
        if (identifier.length() >= 2 && identifier.startsWith("`") && identifier.endsWith("`")) {
            return identifier.substring(1, identifier.length() - 1).replace("``", "`");
        }
        return foldToLowerCase ? identifier.toLowerCase(Locale.ROOT) : identifier;
    }

    /** {@code schema.name}, for example {@code public.customers}; just the name when the schema is unknown. */
    public String qualifiedName() {
        return schema.isEmpty() ? name : schema + "." + name;
    }

    @Override
    public int compareTo(TableRef other) {
        return qualifiedName().compareTo(other.qualifiedName());
    }

    @Override
    public String toString() {
        return qualifiedName();
    }
}
