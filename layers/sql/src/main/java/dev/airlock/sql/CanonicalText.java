package dev.airlock.sql;

import java.util.List;

/**
 * Writes PostgreSQL tokens back as the one text Airlock sends to the database: no comments,
 * single spaces, bare words in lower case, names double-quoted with their escapes decoded, and
 * every string literal in a form that reads the same under {@code standard_conforming_strings}
 * on and off and in pgjdbc's own parser: {@code '...'} when the value holds no backslash,
 * {@code E'...'} (with {@code \\} and {@code ''}) when it does, never a dollar quote.
 */
final class CanonicalText {
    private CanonicalText() {
    }

    static String write(List<PostgresLexer.Token> tokens) {
        StringBuilder out = new StringBuilder();
        PostgresLexer.Token previous = null;
        for (PostgresLexer.Token token : tokens) {
            if (previous != null && spaceBetween(previous, token)) {
                out.append(' ');
            }
            out.append(text(token));
            previous = token;
        }
        return out.toString();
    }

    static String text(PostgresLexer.Token token) {
        return switch (token.type()) {
            case WORD -> word(token.value());
            case QUOTED_IDENTIFIER -> quoteIdentifier(token.value());
            case STRING -> quoteString(token.value());
            default -> token.value();
        };
    }

    /** A bare word with a non-ASCII letter is quoted: PostgreSQL does not fold those, and no parser argues. */
    private static String word(String folded) {
        for (int k = 0; k < folded.length(); k++) {
            if (folded.charAt(k) >= 0x80) {
                return quoteIdentifier(folded);
            }
        }
        return folded;
    }

    static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    static String quoteString(String value) {
        boolean plain = true;
        for (int k = 0; k < value.length(); k++) {
            char c = value.charAt(k);
            if (c == '\\' || c < 0x20 || c == 0x7F) {
                plain = false;
                break;
            }
        }
        if (plain) {
            return "'" + value.replace("'", "''") + "'";
        }
        StringBuilder out = new StringBuilder("E'");
        for (int k = 0; k < value.length(); k++) {
            char c = value.charAt(k);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\'' -> out.append("''");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('\'').toString();
    }

    /**
     * Spaces go between tokens except where leaving one out cannot join two tokens into one:
     * around a dot between names, after an opening and before a closing bracket, before a comma,
     * and between a function name and its opening parenthesis.
     */
    private static boolean spaceBetween(PostgresLexer.Token left, PostgresLexer.Token right) {
        if (right.type() == PostgresLexer.Type.PUNCTUATION && (right.value().equals(",")
                || right.value().equals(")") || right.value().equals("]") || right.value().equals(";"))) {
            return false;
        }
        if (left.type() == PostgresLexer.Type.PUNCTUATION && (left.value().equals("(")
                || left.value().equals("["))) {
            return false;
        }
        boolean leftName = isName(left);
        boolean rightName = isName(right) || right.is(PostgresLexer.Type.OPERATOR, "*");
        if (right.is(PostgresLexer.Type.PUNCTUATION, ".") && leftName) {
            return false;
        }
        if (left.is(PostgresLexer.Type.PUNCTUATION, ".") && rightName) {
            return false;
        }
        return !(right.is(PostgresLexer.Type.PUNCTUATION, "(") && leftName);
    }

    private static boolean isName(PostgresLexer.Token token) {
        return token.type() == PostgresLexer.Type.WORD || token.type() == PostgresLexer.Type.QUOTED_IDENTIFIER;
    }
}
