package dev.airlock.sql;

import dev.airlock.core.model.TableRef;

import java.util.ArrayList;
import java.util.List;

/** Turns a possibly qualified, possibly quoted table name ({@code "Sales".orders}) into a {@link TableRef}. */
final class TableNames {
    private TableNames() {
    }

    static TableRef parse(String qualifiedName) {
        List<String> parts = splitOutsideQuotes(qualifiedName.strip());
        String name = parts.get(parts.size() - 1);
        String schema = parts.size() >= 2 ? parts.get(parts.size() - 2) : null;
        return TableRef.of(schema, name);
    }

    private static List<String> splitOutsideQuotes(String name) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                current.append(c);
            } else if (c == '.' && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }
}
