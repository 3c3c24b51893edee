package dev.airlock.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * The one reading of a PostgreSQL text: Airlock's lexer reads it, it must hold exactly one
 * statement, and it is written back as canonical text (see {@link CanonicalText}). The
 * canonical text must read back to itself: if lexing it again gives anything else, Airlock's
 * reading is not stable and nothing runs.
 */
final class OneReading {
    private OneReading() {
    }

    /**
     * @param canonical      the text to classify and to run; empty when {@code error} is set
     * @param tokens         the statement's tokens, as read from the canonical text
     * @param statementCount how many statements the lexer saw
     * @param error          why there is no single reading, for the agent (never quotes the text)
     */
    record Result(String canonical, List<PostgresLexer.Token> tokens, int statementCount, String error) {
        boolean failed() {
            return error != null;
        }

        /** The statement's bare words, upper case, as the leading-keyword checks want them. */
        SqlLexer.LexedStatement leadingWords() {
            List<String> words = new ArrayList<>();
            for (PostgresLexer.Token token : tokens) {
                if (token.type() == PostgresLexer.Type.WORD) {
                    words.add(token.value().toUpperCase(java.util.Locale.ROOT));
                } else if (words.isEmpty() && token.is(PostgresLexer.Type.PUNCTUATION, "(")) {
                    words.add("(");
                }
            }
            return new SqlLexer.LexedStatement(List.copyOf(words));
        }
    }

    static Result of(String sql) {
        PostgresLexer.Lexed lexed = PostgresLexer.lex(sql);
        if (lexed.failed()) {
            return new Result("", List.of(), 1, "it cannot be read exactly as PostgreSQL reads it: " + lexed.error() + ".");
        }
        List<List<PostgresLexer.Token>> statements = statements(lexed.tokens());
        if (statements.isEmpty()) {
            return new Result("", List.of(), 0, "the text holds no statement.");
        }
        if (statements.size() > 1) {
            return new Result("", List.of(), statements.size(), "the text holds " + statements.size()
                    + " statements; send exactly one per request.");
        }
        String canonical = CanonicalText.write(statements.get(0));
        PostgresLexer.Lexed again = PostgresLexer.lex(canonical);
        if (again.failed() || !again.tokens().equals(statements.get(0))
                || !CanonicalText.write(again.tokens()).equals(canonical)) {
            return new Result("", List.of(), 1, "Airlock cannot write it back in a form that reads the same way; "
                    + "ambiguous text is not run.");
        }
        return new Result(canonical, again.tokens(), 1, null);
    }

    /** Splits at semicolons; empty statements (;;) are nothing, as PostgreSQL treats them. */
    static List<List<PostgresLexer.Token>> statements(List<PostgresLexer.Token> tokens) {
        List<List<PostgresLexer.Token>> out = new ArrayList<>();
        List<PostgresLexer.Token> current = new ArrayList<>();
        for (PostgresLexer.Token token : tokens) {
            if (token.is(PostgresLexer.Type.PUNCTUATION, ";")) {
                if (!current.isEmpty()) {
                    out.add(List.copyOf(current));
                }
                current.clear();
            } else {
                current.add(token);
            }
        }
        if (!current.isEmpty()) {
            out.add(List.copyOf(current));
        }
        return out;
    }
}
