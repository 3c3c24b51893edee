package dev.airlock.sql;

import dev.airlock.core.model.SqlDialect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits SQL text into statements and their leading keywords the way the database itself
 * reads it: strings, quoted identifiers, dollar quotes and (nested) comments hide semicolons.
 * The classifier compares this reading with the parser's; where they disagree the text is
 * ambiguous, and ambiguous text is never allowed. Runs in time linear in the text.
 */
final class SqlLexer {

    /** One statement: its words in order (upper case, outside strings and comments). */
    record LexedStatement(List<String> words) {
        String firstWord() {
            return words.isEmpty() ? "" : words.get(0);
        }

        String leadingWords(int count) {
            return String.join(" ", words.subList(0, Math.min(count, words.size())));
        }
    }

    /** What the lexer saw: the non-empty statements, or why the text cannot be read. */
    record Lexed(List<LexedStatement> statements, String error) {
        boolean failed() {
            return error != null;
        }
    }

    private final SqlDialect dialect;

    SqlLexer(SqlDialect dialect) {
        this.dialect = dialect;
    }

    Lexed lex(String sql) {
        List<LexedStatement> statements = new ArrayList<>();
        List<String> words = new ArrayList<>();
        boolean hasToken = false;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && next(sql, i) == '-' && lineCommentAfterDashes(sql, i)) {
                i = endOfLine(sql, i);
            } else if (c == '#' && dialect == SqlDialect.MYSQL) {
                i = endOfLine(sql, i);
            } else if (c == '/' && next(sql, i) == '*') {
                i = endOfBlockComment(sql, i);
                if (i < 0) {
                    return new Lexed(statements, "a /* comment is never closed");
                }
            } else if (c == ';') {
                if (hasToken) {
                    statements.add(new LexedStatement(List.copyOf(words)));
                }
                words.clear();
                hasToken = false;
                i++;
            } else if (c == '\'') {
                i = endOfString(sql, i, dialect == SqlDialect.MYSQL || escapeStringPrefix(sql, i));
                if (i < 0) {
                    return new Lexed(statements, "a quoted string is never closed");
                }
                hasToken = true;
            } else if (c == '"') {
                i = endOfString(sql, i, dialect == SqlDialect.MYSQL);
                if (i < 0) {
                    return new Lexed(statements, "a double-quoted name is never closed");
                }
                hasToken = true;
            } else if (c == '`' && dialect == SqlDialect.MYSQL) {
                i = endOfString(sql, i, false);
                if (i < 0) {
                    return new Lexed(statements, "a `quoted` name is never closed");
                }
                hasToken = true;
            } else if (c == '$' && dialect == SqlDialect.POSTGRESQL && dollarQuoteTag(sql, i) != null) {
                String tag = dollarQuoteTag(sql, i);
                int close = sql.indexOf(tag, i + tag.length());
                if (close < 0) {
                    return new Lexed(statements, "a $$ quoted string is never closed");
                }
                i = close + tag.length();
                hasToken = true;
            } else if (isWordStart(c)) {
                int start = i;
                while (i < n && isWordPart(sql.charAt(i))) {
                    i++;
                }
                words.add(sql.substring(start, i).toUpperCase(Locale.ROOT));
                hasToken = true;
            } else {
                if (c == '(' && words.isEmpty()) {
                    words.add("(");
                }
                hasToken = true;
                i++;
            }
        }
        if (hasToken) {
            statements.add(new LexedStatement(List.copyOf(words)));
        }
        return new Lexed(statements, null);
    }

    private static char next(String sql, int i) {
        return i + 1 < sql.length() ? sql.charAt(i + 1) : '\0';
    }

    /** MySQL needs whitespace after {@code --} for a comment; PostgreSQL does not. */
    private boolean lineCommentAfterDashes(String sql, int i) {
        if (dialect != SqlDialect.MYSQL) {
            return true;
        }
        char after = i + 2 < sql.length() ? sql.charAt(i + 2) : ' ';
        return Character.isWhitespace(after);
    }

    private static int endOfLine(String sql, int i) {
        int newline = sql.indexOf('\n', i);
        return newline < 0 ? sql.length() : newline + 1;
    }

    /** PostgreSQL block comments nest; MySQL's do not. Returns -1 if never closed. */
    private int endOfBlockComment(String sql, int start) {
        int depth = 0;
        int i = start;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth = dialect == SqlDialect.POSTGRESQL ? depth + 1 : 1;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return -1;
    }

    /** An E'...' string in PostgreSQL takes backslash escapes; a standard one does not. */
    private static boolean escapeStringPrefix(String sql, int quote) {
        if (quote == 0) {
            return false;
        }
        char prefix = sql.charAt(quote - 1);
        boolean isE = prefix == 'E' || prefix == 'e';
        return isE && (quote == 1 || !isWordPart(sql.charAt(quote - 2)));
    }

    /** The index after the closing quote (the character at {@code start}), or -1; a doubled quote is an escaped one. */
    private static int endOfString(String sql, int start, boolean backslashEscapes) {
        char quote = sql.charAt(start);
        int i = start + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (next(sql, i) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return -1;
    }

    /** {@code $tag$} at {@code i} when {@code $} opens a token (not {@code a$b}, not {@code $1}). */
    private static String dollarQuoteTag(String sql, int i) {
        if (i > 0 && isWordPart(sql.charAt(i - 1))) {
            return null;
        }
        int j = i + 1;
        if (j < sql.length() && sql.charAt(j) == '$') {
            return "$$";
        }
        if (j < sql.length() && isWordStart(sql.charAt(j))) {
            while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
                j++;
            }
            if (j < sql.length() && sql.charAt(j) == '$') {
                return sql.substring(i, j + 1);
            }
        }
        return null;
    }

    private static boolean isWordStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
