package dev.airlock.masking;

import java.util.Optional;

/**
 * Just enough of SQL's lexical rules to find identifiers, string literals and comments, so a
 * statement that names a sensitive column can have its literals redacted for the audit trail.
 * {@code update users set password = 'hunter2'} holds a secret no detector can recognise; the
 * column name is the only clue. Quotes are honoured ({@code 'it''s'}, {@code 'a\'b'},
 * {@code $$...$$}, {@code "Quoted Name"}), so a quote inside a literal does not end it early.
 */
final class SqlText {
    private SqlText() {
    }

    /** The sensitive type the first sensitive identifier names, if the statement names one. */
    static Optional<String> sensitiveIdentifier(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            int end = literalOrCommentEnd(sql, i);
            if (end > i) {
                i = end;
            } else if (c == '"' || c == '`') {
                int close = sql.indexOf(c, i + 1);
                close = close < 0 ? n : close;
                Optional<String> type = SensitiveNames.typeOf(sql.substring(i + 1, close));
                if (type.isPresent()) {
                    return type;
                }
                i = close + 1;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
                    i++;
                }
                Optional<String> type = SensitiveNames.typeOf(sql.substring(start, i));
                if (type.isPresent()) {
                    return type;
                }
            } else {
                i++;
            }
        }
        return Optional.empty();
    }

    /** The statement with every string literal replaced by {@code 'replacement'} and every comment removed. */
    static String redactLiterals(String sql, String replacement) {
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        while (i < sql.length()) {
            int end = literalOrCommentEnd(sql, i);
            if (end > i) {
                char c = sql.charAt(i);
                boolean comment = c == '-' || c == '/' || c == '#';
                out.append(comment ? " " : "'" + replacement + "'");
                i = end;
            } else {
                out.append(sql.charAt(i++));
            }
        }
        return out.toString();
    }

    /** Where the literal or comment starting at {@code i} ends; {@code i} if none starts there. */
    private static int literalOrCommentEnd(String sql, int i) {
        int n = sql.length();
        char c = sql.charAt(i);
        if (c == '\'') {
            // Backslash escapes are MySQL's default and PostgreSQL's E'...'; reading them everywhere
            // can only make a literal look longer, so more is redacted, never less.
            int j = i + 1;
            while (j < n) {
                char d = sql.charAt(j);
                if (d == '\\') {
                    j += 2;
                } else if (d == '\'' && j + 1 < n && sql.charAt(j + 1) == '\'') {
                    j += 2;
                } else if (d == '\'') {
                    return j + 1;
                } else {
                    j++;
                }
            }
            return n;
        }
        if (c == '$') {
            int tagEnd = i + 1;
            while (tagEnd < n && (Character.isLetterOrDigit(sql.charAt(tagEnd)) || sql.charAt(tagEnd) == '_')) {
                tagEnd++;
            }
            if (tagEnd < n && sql.charAt(tagEnd) == '$' && (tagEnd == i + 1 || !Character.isDigit(sql.charAt(i + 1)))) {
                String tag = sql.substring(i, tagEnd + 1);
                int close = sql.indexOf(tag, tagEnd + 1);
                return close < 0 ? n : close + tag.length();
            }
            return i;
        }
        if ((c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') || c == '#') {
            int eol = sql.indexOf('\n', i);
            return eol < 0 ? n : eol;
        }
        if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
            int close = sql.indexOf("*/", i + 2);
            return close < 0 ? n : close + 2;
        }
        return i;
    }
}
