package dev.airlock.masking;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * PostgreSQL's lexical rules, as far as the audit trail needs them: string literals
 * ({@code 'it''s'}, {@code E'a\'b'}, {@code U&'d\0061t\+000061'}, {@code B'101'}, {@code X'1F'},
 * {@code $tag$...$tag$}), numbers, quoted identifiers ({@code "Quoted"}, {@code U&"\0073sn"}),
 * parameters and comments (nested {@code /* /* *\/ *\/}). {@code standard_conforming_strings} is
 * pinned on, so a backslash escapes only inside {@code E''}. A text that does not lex (an
 * unterminated literal, quoted identifier or comment) yields nothing: callers must then mask the
 * whole statement, never part of it.
 */
final class SqlText {
    /** What a statement that cannot be read becomes in the record: nothing of it is shown. */
    static final String UNREADABLE = "[STATEMENT REDACTED: Airlock could not read its literals]";

    enum Kind { STRING, NUMBER, QUOTED_IDENTIFIER, WORD, COMMENT, PARAMETER, OTHER }

    /** One token: its kind and where it starts and ends in the text. */
    record Token(Kind kind, int start, int end) {
        String text(String sql) {
            return sql.substring(start, end);
        }
    }

    private SqlText() {
    }

    /** The tokens of {@code sql} (white space left out), or empty if it does not lex. */
    static Optional<List<Token>> lex(String sql) {
        List<Token> tokens = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            int end;
            Kind kind;
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int eol = sql.indexOf('\n', i);
                end = eol < 0 ? n : eol;
                kind = Kind.COMMENT;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                end = blockCommentEnd(sql, i);
                kind = Kind.COMMENT;
            } else if (c == '\'') {
                end = quotedEnd(sql, i, '\'', false);
                kind = Kind.STRING;
            } else if (c == '"') {
                end = quotedEnd(sql, i, '"', false);
                kind = Kind.QUOTED_IDENTIFIER;
            } else if (c == '$') {
                int tagEnd = dollarTagEnd(sql, i);
                if (tagEnd > i) {
                    String tag = sql.substring(i, tagEnd);
                    int close = sql.indexOf(tag, tagEnd);
                    end = close < 0 ? -1 : close + tag.length();
                    kind = Kind.STRING;
                } else {
                    end = i + 1;
                    while (end < n && Character.isDigit(sql.charAt(end))) {
                        end++;
                    }
                    kind = end > i + 1 ? Kind.PARAMETER : Kind.OTHER;
                }
            } else if (c == '?') {
                end = i + 1;
                kind = Kind.PARAMETER;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
                end = numberEnd(sql, i);
                kind = Kind.NUMBER;
            } else if (Character.isLetter(c) || c == '_') {
                end = i;
                while (end < n && isIdentifierPart(sql.charAt(end))) {
                    end++;
                }
                String word = sql.substring(i, end);
                if (end < n && sql.charAt(end) == '\'' && isStringPrefix(word)) {
                    // E'...' reads backslash escapes; B'', X'', N'' read quotes as standard strings do.
                    end = quotedEnd(sql, end, '\'', word.equalsIgnoreCase("e"));
                    kind = Kind.STRING;
                } else if (word.equalsIgnoreCase("u") && end + 1 < n && sql.charAt(end) == '&'
                        && (sql.charAt(end + 1) == '\'' || sql.charAt(end + 1) == '"')) {
                    char quote = sql.charAt(end + 1);
                    end = quotedEnd(sql, end + 1, quote, false);
                    kind = quote == '\'' ? Kind.STRING : Kind.QUOTED_IDENTIFIER;
                } else {
                    kind = Kind.WORD;
                }
            } else {
                end = i + 1;
                kind = Kind.OTHER;
            }
            if (end < 0) {
                return Optional.empty();
            }
            tokens.add(new Token(kind, i, end));
            i = end;
        }
        return Optional.of(tokens);
    }

    /** The sensitive type the first sensitive identifier names, if the statement names one. */
    static Optional<String> sensitiveIdentifier(List<Token> tokens, String sql) {
        for (Token token : tokens) {
            String name = switch (token.kind()) {
                case WORD -> token.text(sql);
                case QUOTED_IDENTIFIER -> token.text(sql).replaceFirst("^[Uu]&", "").replace("\"", "");
                default -> null;
            };
            Optional<String> type = name == null ? Optional.empty() : SensitiveNames.typeOf(name);
            if (type.isPresent()) {
                return type;
            }
        }
        return Optional.empty();
    }

    /**
     * The statement rebuilt from its tokens: each string literal replaced by
     * {@code strings(literal)}, each number by {@code numbers(number)} (unchanged when that
     * returns null), comments dropped.
     */
    static String rewrite(String sql, List<Token> tokens, Function<String, String> strings,
                          Function<String, String> numbers) {
        StringBuilder out = new StringBuilder(sql.length());
        int cursor = 0;
        for (Token token : tokens) {
            out.append(sql, cursor, token.start());
            switch (token.kind()) {
                case STRING -> out.append(strings.apply(token.text(sql)));
                case NUMBER -> {
                    String replaced = numbers.apply(token.text(sql));
                    out.append(replaced == null ? token.text(sql) : replaced);
                }
                case COMMENT -> out.append(' ');
                default -> out.append(sql, token.start(), token.end());
            }
            cursor = token.end();
        }
        return out.append(sql, cursor, sql.length()).toString();
    }

    /** The content of a string literal token, quotes and prefix removed (escapes left as written). */
    static String content(String literal) {
        if (literal.startsWith("$")) {
            int tagEnd = literal.indexOf('$', 1) + 1;
            return literal.substring(tagEnd, literal.length() - tagEnd);
        }
        int open = literal.indexOf('\'');
        return literal.substring(open + 1, Math.max(open + 1, literal.length() - 1)).replace("''", "'");
    }

    private static boolean isStringPrefix(String word) {
        return word.length() == 1 && "eEbBxXnN".indexOf(word.charAt(0)) >= 0;
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** End of a quoted run starting at {@code open}; doubled quotes stay inside; -1 if unterminated. */
    private static int quotedEnd(String sql, int open, char quote, boolean backslashEscapes) {
        int n = sql.length();
        int j = open + 1;
        while (j < n) {
            char d = sql.charAt(j);
            if (backslashEscapes && d == '\\') {
                j += 2;
            } else if (d == quote && j + 1 < n && sql.charAt(j + 1) == quote) {
                j += 2;
            } else if (d == quote) {
                return j + 1;
            } else {
                j++;
            }
        }
        return -1;
    }

    /** Block comments nest in PostgreSQL; -1 if one is left open. */
    private static int blockCommentEnd(String sql, int start) {
        int n = sql.length();
        int depth = 0;
        int j = start;
        while (j < n) {
            if (sql.startsWith("/*", j)) {
                depth++;
                j += 2;
            } else if (sql.startsWith("*/", j)) {
                depth--;
                j += 2;
                if (depth == 0) {
                    return j;
                }
            } else {
                j++;
            }
        }
        return -1;
    }

    /** End of a {@code $tag$} opener at {@code i}, or {@code i} if none ({@code $1} is a parameter). */
    private static int dollarTagEnd(String sql, int i) {
        int n = sql.length();
        int j = i + 1;
        if (j < n && sql.charAt(j) == '$') {
            return j + 1;
        }
        if (j >= n || !(Character.isLetter(sql.charAt(j)) || sql.charAt(j) == '_')) {
            return i;
        }
        while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j++;
        }
        return j < n && sql.charAt(j) == '$' ? j + 1 : i;
    }

    /** Decimal, exponent, {@code 0x}/{@code 0o}/{@code 0b} and {@code 1_000} forms; letters run on, as PG reads them. */
    private static int numberEnd(String sql, int i) {
        int n = sql.length();
        int j = i;
        while (j < n) {
            char d = sql.charAt(j);
            if (Character.isLetterOrDigit(d) || d == '_' || d == '.') {
                j++;
            } else if ((d == '+' || d == '-') && j > i && (sql.charAt(j - 1) == 'e' || sql.charAt(j - 1) == 'E')
                    && !sql.substring(i, j).toLowerCase().startsWith("0x")) {
                j++;
            } else {
                break;
            }
        }
        return j;
    }
}
