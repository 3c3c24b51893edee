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

    public static TableRef of(String schemaOrNull, String name) {
        String schema = schemaOrNull == null || schemaOrNull.isBlank() ? DEFAULT_SCHEMA : schemaOrNull;
        return new TableRef(fold(schema), fold(name));
    }

    private static String fold(String identifier) {
        if (identifier.length() >= 2 && identifier.startsWith("\"") && identifier.endsWith("\"")) {
            return identifier.substring(1, identifier.length() - 1).replace("\"\"", "\"");
        }
        return identifier.toLowerCase(Locale.ROOT);
    }

    /** {@code schema.name}, for example {@code public.customers}. */
    public String qualifiedName() {
        return schema + "." + name;
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
