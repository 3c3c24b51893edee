package dev.airlock.awsapi.classify;

import dev.airlock.awsapi.classify.PartiqlClassification.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Classifies the PartiQL of a DynamoDB {@code ExecuteStatement} with a tokenizer and a parser for
 * DynamoDB's subset: {@code SELECT ... FROM "table"[."index"] [WHERE ...]},
 * {@code INSERT INTO "table" VALUE {...}}, {@code UPDATE "table" SET|REMOVE ... WHERE ...} and
 * {@code DELETE FROM "table" WHERE ...}. More than one statement, a nested statement,
 * {@code EXISTS}, characters outside ASCII where a keyword could be, or anything else in doubt is
 * {@link Kind#UNKNOWN}: the parse is exact or it is refused.
 */
public final class PartiqlStatement {
    /** Longer statements are refused unread: DynamoDB caps a statement at 8 KB. */
    public static final int MAX_CHARS = 8192;
    private static final int MAX_NESTING = 32;
    /** Words that start or join a statement: where an expression holds one, the statement is not read. */
    private static final Set<String> STATEMENT_WORDS = Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "EXISTS", "FROM",
            "INTO", "VALUE", "VALUES", "UNION", "INTERSECT", "EXCEPT", "REPLACE", "UPSERT", "CREATE", "DROP", "EXEC",
            "EXECUTE", "BEGIN", "COMMIT", "ROLLBACK");
    private static final Set<String> RESERVED_AS_TABLE = Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "FROM", "WHERE",
            "SET", "REMOVE", "VALUE", "VALUES", "INTO", "EXISTS", "ORDER", "RETURNING");

    private PartiqlStatement() {
    }

    public static PartiqlClassification classify(String statement) {
        if (statement == null || statement.isBlank()) {
            return PartiqlClassification.unknown("the statement is empty");
        }
        if (statement.length() > MAX_CHARS) {
            return PartiqlClassification.unknown("the statement is longer than " + MAX_CHARS + " characters");
        }
        List<Token> tokens;
        try {
            tokens = PartiqlTokenizer.tokenize(statement);
            return new Parser(tokens).statement();
        } catch (Doubt doubt) {
            return PartiqlClassification.unknown(doubt.getMessage());
        }
    }

    enum TokenType { WORD, QUOTED, STRING, NUMBER, PARAMETER, PUNCT, END }

    /** One token: a word's text as written (compare keywords with {@link #is}), a quoted name unescaped. */
    record Token(TokenType type, String text) {
        boolean is(String keyword) {
            return type == TokenType.WORD && text.equalsIgnoreCase(keyword);
        }

        boolean isPunct(String punct) {
            return type == TokenType.PUNCT && text.equals(punct);
        }

        String keyword() {
            return type == TokenType.WORD ? text.toUpperCase(Locale.ROOT) : "";
        }
    }

    /** Why a statement was not read. */
    static final class Doubt extends Exception {
        Doubt(String message) {
            super(message, null, false, false);
        }
    }

    private static final class Parser {
        private final List<Token> tokens;
        private int pos;

        Parser(List<Token> tokens) {
            this.tokens = tokens;
        }

        private Token peek() {
            return tokens.get(pos);
        }

        private Token next() {
            Token token = tokens.get(pos);
            if (token.type() != TokenType.END) {
                pos++;
            }
            return token;
        }

        private void expect(String keyword) throws Doubt {
            Token token = next();
            if (!token.is(keyword)) {
                throw new Doubt("expected " + keyword + " but found " + describe(token));
            }
        }

        PartiqlClassification statement() throws Doubt {
            Token first = next();
            return switch (first.keyword()) {
                case "SELECT" -> select();
                case "INSERT" -> insert();
                case "UPDATE" -> update();
                case "DELETE" -> delete();
                default -> throw new Doubt("a statement starting with " + describe(first) + " is not classified");
            };
        }

        private PartiqlClassification select() throws Doubt {
            if (peek().is("FROM")) {
                throw new Doubt("SELECT without a projection");
            }
            scanExpression(Set.of("FROM"), "the projection");
            expect("FROM");
            String table = name("table");
            Optional<String> index = Optional.empty();
            if (peek().isPunct(".")) {
                next();
                index = Optional.of(name("index"));
            }
            boolean where = optionalWhere(Set.of("ORDER"));
            if (peek().is("ORDER")) {
                next();
                expect("BY");
                scanExpression(Set.of(), "ORDER BY");
            }
            end();
            return new PartiqlClassification(Kind.SELECT, Optional.of(table), index, where,
                    "SELECT from " + table + index.map(i -> " index " + i).orElse("") + (where ? " with" : " without")
                            + " a WHERE clause");
        }

        private PartiqlClassification insert() throws Doubt {
            expect("INTO");
            String table = name("table");
            expect("VALUE");
            if (!peek().isPunct("{")) {
                throw new Doubt("INSERT ... VALUE is followed by " + describe(peek()) + ", not a {...} item");
            }
            scanExpression(Set.of(), "the inserted item", true);
            end();
            return new PartiqlClassification(Kind.INSERT, Optional.of(table), Optional.empty(), false,
                    "INSERT into " + table);
        }

        private PartiqlClassification update() throws Doubt {
            String table = name("table");
            if (!peek().is("SET") && !peek().is("REMOVE")) {
                throw new Doubt("UPDATE " + table + " is followed by " + describe(peek()) + ", not SET or REMOVE");
            }
            scanExpression(Set.of("WHERE"), "SET/REMOVE");
            boolean where = optionalWhere(Set.of("RETURNING"));
            returning();
            end();
            return new PartiqlClassification(Kind.UPDATE, Optional.of(table), Optional.empty(), where,
                    "UPDATE of " + table + (where ? " with" : " without") + " a WHERE clause");
        }

        private PartiqlClassification delete() throws Doubt {
            expect("FROM");
            String table = name("table");
            boolean where = optionalWhere(Set.of("RETURNING"));
            returning();
            end();
            return new PartiqlClassification(Kind.DELETE, Optional.of(table), Optional.empty(), where,
                    "DELETE from " + table + (where ? " with" : " without") + " a WHERE clause");
        }

        private boolean optionalWhere(Set<String> stops) throws Doubt {
            if (!peek().is("WHERE")) {
                return false;
            }
            next();
            if (peek().type() == TokenType.END || peek().isPunct(";")) {
                throw new Doubt("WHERE without a condition");
            }
            scanExpression(stops, "the WHERE clause");
            return true;
        }

        private void returning() throws Doubt {
            if (peek().is("RETURNING")) {
                next();
                scanExpression(Set.of(), "RETURNING");
            }
        }

        /** A table or index name: quoted, or a plain word that is no keyword; DynamoDB's name rules apply. */
        private String name(String what) throws Doubt {
            Token token = next();
            if (token.type() == TokenType.WORD && RESERVED_AS_TABLE.contains(token.keyword())) {
                throw new Doubt("the " + what + " name " + token.text() + " is a keyword; it must be quoted");
            }
            if (token.type() != TokenType.WORD && token.type() != TokenType.QUOTED) {
                throw new Doubt("expected a " + what + " name but found " + describe(token));
            }
            String name = token.text();
            if (name.length() < 3 || name.length() > 255 || !name.chars().allMatch(PartiqlStatement::isNameChar)) {
                throw new Doubt("'" + name + "' is not a DynamoDB " + what + " name");
            }
            return name;
        }

        /**
         * Skips an expression up to a stop word at nesting depth zero (or the end), with brackets
         * balanced and no word that would start or join another statement.
         */
        private void scanExpression(Set<String> stops, String where) throws Doubt {
            scanExpression(stops, where, false);
        }

        /** With {@code oneItem}, stops once the first bracket opened is closed again. */
        private void scanExpression(Set<String> stops, String where, boolean oneItem) throws Doubt {
            List<String> open = new ArrayList<>();
            while (true) {
                Token token = peek();
                if (token.type() == TokenType.END || (open.isEmpty() && token.isPunct(";"))) {
                    break;
                }
                if (open.isEmpty() && stops.contains(token.keyword())) {
                    break;
                }
                if (STATEMENT_WORDS.contains(token.keyword())) {
                    throw new Doubt(where + " holds " + token.keyword() + ": nested statements are not classified");
                }
                if (token.type() == TokenType.PUNCT) {
                    switch (token.text()) {
                        case "(", "[", "{", "<<" -> {
                            if (open.size() >= MAX_NESTING) {
                                throw new Doubt(where + " nests deeper than " + MAX_NESTING);
                            }
                            open.add(closing(token.text()));
                        }
                        case ")", "]", "}", ">>" -> {
                            if (open.isEmpty() || !open.getLast().equals(token.text())) {
                                throw new Doubt(where + " has an unbalanced " + token.text());
                            }
                            open.removeLast();
                            if (oneItem && open.isEmpty()) {
                                next();
                                return;
                            }
                        }
                        case ";" -> throw new Doubt("a ; inside brackets in " + where);
                        default -> {
                        }
                    }
                }
                next();
            }
            if (!open.isEmpty()) {
                throw new Doubt(where + " leaves " + open.getLast() + " unclosed");
            }
        }

        private static String closing(String opening) {
            return switch (opening) {
                case "(" -> ")";
                case "[" -> "]";
                case "{" -> "}";
                default -> ">>";
            };
        }

        /** The statement ends here: one optional ; and nothing after it. */
        private void end() throws Doubt {
            if (peek().isPunct(";")) {
                next();
                if (peek().type() != TokenType.END) {
                    throw new Doubt("more than one statement: " + describe(peek()) + " follows the ;");
                }
            }
            if (peek().type() != TokenType.END) {
                throw new Doubt("unexpected " + describe(peek()) + " after the statement");
            }
        }

        private static String describe(Token token) {
            return switch (token.type()) {
                case END -> "the end";
                case STRING -> "a string";
                case QUOTED -> "\"" + token.text() + "\"";
                default -> "'" + token.text() + "'";
            };
        }
    }

    static boolean isNameChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
                || c == '.';
    }
}
