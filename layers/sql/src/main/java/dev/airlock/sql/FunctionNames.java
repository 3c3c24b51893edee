package dev.airlock.sql;

import java.util.List;
import java.util.Optional;

/**
 * Function names as PostgreSQL resolves them: quotes removed, bare names folded to lower case,
 * and the schema made explicit. An unqualified name resolves to {@code pg_catalog} first,
 * whatever the search path, so it names the built-in when there is one. The text given here is
 * Airlock's canonical text, where {@code U&} escapes are already decoded.
 */
final class FunctionNames {
    static final String PG_CATALOG = "pg_catalog";

    /** A function as the database resolves it; {@code schema} is empty when the name has none. */
    record Resolved(String schema, String name) {
        /** Whether the name can only mean a built-in: unqualified or in {@code pg_catalog}. */
        boolean builtIn() {
            return schema.isEmpty() || schema.equals(PG_CATALOG);
        }

        String display() {
            return schema.isEmpty() ? name : schema + "." + name;
        }
    }

    private FunctionNames() {
    }

    /** Resolves a possibly qualified, possibly quoted name; empty when it has more than two parts. */
    static Optional<Resolved> resolve(String written) {
        List<String> parts = TableNames.split(written);
        if (parts.isEmpty() || parts.size() > 2) {
            return Optional.empty();
        }
        String name = identifier(parts.get(parts.size() - 1));
        String schema = parts.size() == 2 ? identifier(parts.get(0)) : "";
        return Optional.of(new Resolved(schema, name));
    }

    /** One name part: quoted keeps its case (doubled quotes undone), bare folds ASCII letters to lower case. */
    static String identifier(String part) {
        String p = part.strip();
        if (p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"")) {
            return p.substring(1, p.length() - 1).replace("\"\"", "\"");
        }
        return PostgresLexer.asciiLower(p);
    }
}
