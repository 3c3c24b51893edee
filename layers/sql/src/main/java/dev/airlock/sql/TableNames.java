package dev.airlock.sql;

import java.util.ArrayList;
import java.util.List;

/** Splits possibly qualified, possibly quoted names such as {@code "Sales".orders}. */
final class TableNames {
    private TableNames() {
    }

    /** The dot-separated parts of a name, dots inside quotes kept: {@code "a.b".c} is two parts. */
    static List<String> split(String qualifiedName) {
        return splitOutsideQuotes(qualifiedName.strip());
    }

    private static List<String> splitOutsideQuotes(String name) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '"' || c == '`') {
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
