package dev.airlock.sql;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads SQL text token by token the way PostgreSQL's own scanner (scan.l) reads it, with
 * {@code standard_conforming_strings} on (the JDBC layer pins it): in a plain {@code '...'}
 * string a backslash is an ordinary character, in {@code E'...'} it escapes. Escapes are
 * decoded here ({@code E''}, {@code U&''}, {@code U&""} with {@code UESCAPE}, dollar quotes),
 * so every later decision sees the names and values the database will see.
 *
 * <p>Anything the scanner would read in a way this class does not model exactly is an error,
 * never a guess: NUL anywhere, control characters outside strings, JDBC escape braces, string
 * continuation across lines, identifiers longer than PostgreSQL keeps, trailing junk after
 * numbers and parameters. Runs in time linear in the text.
 */
final class PostgresLexer {
    /** PostgreSQL keeps 63 bytes of a name (NAMEDATALEN - 1) and silently cuts the rest. */
    static final int MAX_IDENTIFIER_BYTES = 63;

    enum Type {
        /** A bare word: keyword or unquoted identifier; {@code value} is folded to lower case as PostgreSQL folds. */
        WORD,
        /** A double-quoted (or {@code U&"..."}) identifier; {@code value} is the decoded name. */
        QUOTED_IDENTIFIER,
        /** A character string literal of any form; {@code value} is the decoded string. */
        STRING,
        /** {@code B'0101'} or {@code X'1F'}; {@code value} is the literal as written. */
        BIT_STRING,
        NUMBER,
        /** {@code $1}. */
        PARAMETER,
        /** An operator as PostgreSQL cuts it, or {@code ::}. */
        OPERATOR,
        /** One of {@code ( ) [ ] , ; : .}. */
        PUNCTUATION
    }

    record Token(Type type, String value) {
        boolean is(Type t, String v) {
            return type == t && value.equals(v);
        }

        boolean isWord(String word) {
            return type == Type.WORD && value.equals(word);
        }
    }

    /** The tokens of the whole text, or why it cannot be read exactly. */
    record Lexed(List<Token> tokens, String error) {
        boolean failed() {
            return error != null;
        }
    }

    private static final java.util.regex.Pattern NESTED_DOLLAR_TAG =
            java.util.regex.Pattern.compile("\\$([A-Za-z_\\u0080-\\uFFFF][A-Za-z_0-9\\u0080-\\uFFFF]*)?\\$");
    private static final String OPERATOR_CHARS = "+-*/<>=~!@#%^&|`?";
    private static final String NON_SQL_OPERATOR_CHARS = "~!@#%^&|`?";
    private static final String SELF_CHARS = "()[],;:.";

    private final String sql;
    private final int n;
    private int i;
    private final List<Token> tokens = new ArrayList<>();

    private PostgresLexer(String sql) {
        this.sql = sql;
        this.n = sql.length();
    }

    static Lexed lex(String sql) {
        PostgresLexer lexer = new PostgresLexer(sql);
        try {
            lexer.run();
            return new Lexed(List.copyOf(lexer.tokens), null);
        } catch (Unreadable e) {
            return new Lexed(List.copyOf(lexer.tokens), e.getMessage());
        }
    }

    /** Why the text cannot be read exactly; carries no text of the statement. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    private void run() throws Unreadable {
        if (sql.indexOf('\0') >= 0) {
            throw new Unreadable("it holds a NUL character");
        }
        while (true) {
            skipWhitespaceAndComments();
            if (i >= n) {
                return;
            }
            char c = sql.charAt(i);
            if (c == '\'') {
                addString(plainString());
            } else if ((c == 'E' || c == 'e') && peek(1) == '\'') {
                i++;
                addString(escapeString());
            } else if ((c == 'U' || c == 'u') && peek(1) == '&' && peek(2) == '\'') {
                i += 2;
                String raw = plainString();
                addString(unicodeEscapes(raw, uescape()));
            } else if ((c == 'U' || c == 'u') && peek(1) == '&' && peek(2) == '"') {
                i += 2;
                String raw = quotedIdentifierBody();
                addIdentifier(unicodeEscapes(raw, uescape()));
            } else if ((c == 'B' || c == 'b' || c == 'X' || c == 'x') && peek(1) == '\'') {
                bitString(Character.toUpperCase(c));
            } else if ((c == 'N' || c == 'n') && peek(1) == '\'') {
                throw new Unreadable("N'...' national strings are not supported; write a plain '...' string");
            } else if (c == '"') {
                addIdentifier(quotedIdentifierBody());
            } else if (c == '$' && isDigit(peek(1))) {
                parameter();
            } else if (c == '$') {
                dollarQuoted();
            } else if (isDigit(c) || (c == '.' && isDigit(peek(1)))) {
                number();
            } else if (isIdentStart(c)) {
                word();
            } else if (c == ':' && peek(1) == ':') {
                tokens.add(new Token(Type.OPERATOR, "::"));
                i += 2;
            } else if (SELF_CHARS.indexOf(c) >= 0) {
                tokens.add(new Token(Type.PUNCTUATION, String.valueOf(c)));
                i++;
            } else if (OPERATOR_CHARS.indexOf(c) >= 0) {
                operator();
            } else if (c == '{' || c == '}') {
                throw new Unreadable("it holds a JDBC escape ({...}), which the database does not read the same way");
            } else {
                throw new Unreadable("it holds a character PostgreSQL does not accept outside strings (U+"
                        + String.format("%04X", (int) c) + ")");
            }
        }
    }

    private char peek(int ahead) {
        return i + ahead < n ? sql.charAt(i + ahead) : '\0';
    }

    /** PostgreSQL's whitespace is exactly space, tab, newline, carriage return, form feed and vertical tab. */
    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
    }

    private static boolean isNewline(char c) {
        return c == '\n' || c == '\r';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Letters, underscore, and every non-ASCII character (PostgreSQL takes any high-bit byte as a letter). */
    static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    static boolean isIdentPart(char c) {
        return isIdentStart(c) || isDigit(c) || c == '$';
    }

    /** Skips whitespace and comments; returns whether a newline was crossed. */
    private boolean skipWhitespaceAndComments() throws Unreadable {
        boolean newline = false;
        while (i < n) {
            char c = sql.charAt(i);
            if (isWhitespace(c)) {
                newline |= isNewline(c);
                i++;
            } else if (c == '-' && peek(1) == '-') {
                while (i < n && !isNewline(sql.charAt(i))) {
                    i++;
                }
            } else if (c == '/' && peek(1) == '*') {
                blockComment();
            } else {
                break;
            }
        }
        return newline;
    }

    /** Block comments nest in PostgreSQL. */
    private void blockComment() throws Unreadable {
        int depth = 0;
        while (i < n) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return;
                }
            } else {
                i++;
            }
        }
        throw new Unreadable("a /* comment is never closed");
    }

    /**
     * A string literal must not be followed by another one: PostgreSQL joins two literals
     * separated by a newline into one, which no other reader does the same way.
     */
    private void addString(String value) throws Unreadable {
        if (value.indexOf('\0') >= 0) {
            throw new Unreadable("a string decodes to a NUL character");
        }
        tokens.add(new Token(Type.STRING, value));
        int save = i;
        skipWhitespaceAndComments();
        char c = i < n ? sql.charAt(i) : '\0';
        boolean another = c == '\'' || ((c == 'E' || c == 'e' || c == 'B' || c == 'b' || c == 'X' || c == 'x'
                || c == 'N' || c == 'n') && peek(1) == '\'') || ((c == 'U' || c == 'u') && peek(1) == '&'
                && peek(2) == '\'');
        if (another) {
            throw new Unreadable("two string literals follow each other; join them into one");
        }
        i = save;
    }

    private void addIdentifier(String name) throws Unreadable {
        if (name.isEmpty()) {
            throw new Unreadable("a quoted name is empty");
        }
        if (name.indexOf('\0') >= 0) {
            throw new Unreadable("a name decodes to a NUL character");
        }
        checkLength(name);
        tokens.add(new Token(Type.QUOTED_IDENTIFIER, name));
    }

    private static void checkLength(String name) throws Unreadable {
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
            throw new Unreadable("a name is longer than the " + MAX_IDENTIFIER_BYTES
                    + " bytes PostgreSQL keeps (it would silently cut it)");
        }
    }

    /** {@code '...'} with {@code ''} for a quote and backslash as an ordinary character; {@code i} is at the quote. */
    private String plainString() throws Unreadable {
        return quotedBody('\'', "a quoted string is never closed");
    }

    /** {@code "..."} with {@code ""} for a quote; {@code i} is at the quote. */
    private String quotedIdentifierBody() throws Unreadable {
        return quotedBody('"', "a double-quoted name is never closed");
    }

    /** The body of a string or name quoted with {@code quote}, a doubled quote standing for one. */
    private String quotedBody(char quote, String unclosed) throws Unreadable {
        StringBuilder out = new StringBuilder();
        i++;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' && quote == '\'' && sql.charAt(i - 1) == '\\') {
                // With standard_conforming_strings off (a driver, a tool, a person's habit) \' is
                // an escaped quote and the string goes on: two readings, so no reading.
                throw new Unreadable("a quoted string has a backslash right before a quote, which readers with "
                        + "standard_conforming_strings off take as an escaped quote; write E'...' and double the "
                        + "quote ('') instead");
            }
            if (c == quote) {
                if (peek(1) == quote) {
                    out.append(quote);
                    i += 2;
                } else {
                    i++;
                    return out.toString();
                }
            } else {
                out.append(c);
                i++;
            }
        }
        throw new Unreadable(unclosed);
    }

    /**
     * {@code E'...'}: backslash escapes as PostgreSQL decodes them; octal and hex escapes give
     * bytes, which must together form valid UTF-8. {@code i} is at the quote.
     */
    private String escapeString() throws Unreadable {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        i++;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'') {
                if (peek(1) == '\'') {
                    bytes.write('\'');
                    i += 2;
                    continue;
                }
                i++;
                return utf8(bytes);
            }
            if (c != '\\') {
                int cp = sql.codePointAt(i);
                writeUtf8(bytes, cp);
                i += Character.charCount(cp);
                continue;
            }
            char e = peek(1);
            if (e == '\'') {
                // A reader that does not know E'' strings ends the string at this quote.
                throw new Unreadable("an E'...' string escapes a quote with a backslash, which readers that do not "
                        + "know E strings end there; double the quote ('') instead");
            }
            i += 2;
            switch (e) {
                case 'b' -> bytes.write('\b');
                case 'f' -> bytes.write('\f');
                case 'n' -> bytes.write('\n');
                case 'r' -> bytes.write('\r');
                case 't' -> bytes.write('\t');
                case 'x' -> {
                    int start = i;
                    while (i < n && i - start < 2 && Character.digit(sql.charAt(i), 16) >= 0) {
                        i++;
                    }
                    if (i == start) {
                        bytes.write('x');
                    } else {
                        bytes.write(Integer.parseInt(sql.substring(start, i), 16));
                    }
                }
                case 'u', 'U' -> {
                    int digits = e == 'u' ? 4 : 8;
                    int cp = hex(digits);
                    if (Character.isHighSurrogate((char) cp) && cp <= 0xFFFF) {
                        if (!(peek(0) == '\\' && (peek(1) == 'u' || peek(1) == 'U'))) {
                            throw new Unreadable("a string holds an invalid Unicode escape");
                        }
                        boolean small = peek(1) == 'u';
                        i += 2;
                        int low = hex(small ? 4 : 8);
                        if (!Character.isLowSurrogate((char) low) || low > 0xFFFF) {
                            throw new Unreadable("a string holds an invalid Unicode escape");
                        }
                        cp = Character.toCodePoint((char) cp, (char) low);
                    } else if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0) {
                        throw new Unreadable("a string holds an invalid Unicode escape");
                    }
                    writeUtf8(bytes, cp);
                }
                case '\0' -> throw new Unreadable("a quoted string is never closed");
                default -> {
                    if (e >= '0' && e <= '7') {
                        int start = i - 1;
                        while (i < n && i - start < 3 && sql.charAt(i) >= '0' && sql.charAt(i) <= '7') {
                            i++;
                        }
                        bytes.write(Integer.parseInt(sql.substring(start, i), 8) & 0xFF);
                    } else {
                        // Any other escaped character stands for itself (\\, \', \" ...).
                        i--;
                        int cp = sql.codePointAt(i);
                        writeUtf8(bytes, cp);
                        i += Character.charCount(cp);
                    }
                }
            }
        }
        throw new Unreadable("a quoted string is never closed");
    }

    private int hex(int digits) throws Unreadable {
        if (i + digits > n) {
            throw new Unreadable("a string holds an invalid Unicode escape");
        }
        int value = 0;
        for (int k = 0; k < digits; k++) {
            int d = Character.digit(sql.charAt(i + k), 16);
            if (d < 0) {
                throw new Unreadable("a string holds an invalid Unicode escape");
            }
            value = value * 16 + d;
            if (value > 0x10FFFF) {
                throw new Unreadable("a string holds an invalid Unicode escape");
            }
        }
        i += digits;
        return value;
    }

    private static void writeUtf8(ByteArrayOutputStream bytes, int codePoint) {
        bytes.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
    }

    private static String utf8(ByteArrayOutputStream bytes) throws Unreadable {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new Unreadable("a string's escapes do not form valid UTF-8");
        }
    }

    /** The escape character of a {@code U&} literal: {@code UESCAPE 'c'} after it, else backslash. */
    private char uescape() throws Unreadable {
        int save = i;
        skipWhitespaceAndComments();
        if (i + 7 <= n && sql.regionMatches(true, i, "UESCAPE", 0, 7) && (i + 7 == n || !isIdentPart(sql.charAt(i + 7)))) {
            i += 7;
            skipWhitespaceAndComments();
            if (i + 3 <= n && sql.charAt(i) == '\'' && sql.charAt(i + 2) == '\'' && peek(3) != '\'') {
                char escape = sql.charAt(i + 1);
                if (Character.digit(escape, 16) >= 0 || escape == '+' || escape == '\'' || escape == '"'
                        || isWhitespace(escape)) {
                    throw new Unreadable("a UESCAPE character is not allowed");
                }
                i += 3;
                return escape;
            }
            throw new Unreadable("a UESCAPE clause is not one quoted character");
        }
        i = save;
        return '\\';
    }

    /** Decodes {@code \XXXX}, {@code \+XXXXXX} and a doubled escape character, with surrogate pairs. */
    private static String unicodeEscapes(String raw, char escape) throws Unreadable {
        StringBuilder out = new StringBuilder();
        int k = 0;
        while (k < raw.length()) {
            char c = raw.charAt(k);
            if (c != escape) {
                out.append(c);
                k++;
                continue;
            }
            if (k + 1 < raw.length() && raw.charAt(k + 1) == escape) {
                out.append(escape);
                k += 2;
                continue;
            }
            int digits = k + 1 < raw.length() && raw.charAt(k + 1) == '+' ? 6 : 4;
            int start = k + (digits == 6 ? 2 : 1);
            int cp = hexIn(raw, start, digits);
            k = start + digits;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (k >= raw.length() || raw.charAt(k) != escape) {
                    throw new Unreadable("a U& escape is invalid");
                }
                int lowDigits = k + 1 < raw.length() && raw.charAt(k + 1) == '+' ? 6 : 4;
                int lowStart = k + (lowDigits == 6 ? 2 : 1);
                int low = hexIn(raw, lowStart, lowDigits);
                if (low < 0xDC00 || low > 0xDFFF) {
                    throw new Unreadable("a U& escape is invalid");
                }
                k = lowStart + lowDigits;
                cp = Character.toCodePoint((char) cp, (char) low);
            } else if (cp == 0 || cp > 0x10FFFF || (cp >= 0xDC00 && cp <= 0xDFFF)) {
                throw new Unreadable("a U& escape is invalid");
            }
            out.appendCodePoint(cp);
        }
        return out.toString();
    }

    private static int hexIn(String raw, int start, int digits) throws Unreadable {
        if (start + digits > raw.length()) {
            throw new Unreadable("a U& escape is invalid");
        }
        int value = 0;
        for (int k = start; k < start + digits; k++) {
            int d = Character.digit(raw.charAt(k), 16);
            if (d < 0) {
                throw new Unreadable("a U& escape is invalid");
            }
            value = value * 16 + d;
        }
        return value;
    }

    private void bitString(char kind) throws Unreadable {
        i++;
        String body = plainString();
        String allowed = kind == 'B' ? "01" : "0123456789abcdefABCDEF";
        for (char c : body.toCharArray()) {
            if (allowed.indexOf(c) < 0) {
                throw new Unreadable("a " + kind + "'...' literal holds a character it cannot");
            }
        }
        tokens.add(new Token(Type.BIT_STRING, kind + "'" + body + "'"));
    }

    /** {@code $tag$ ... $tag$}; tags are letters, digits (not first) and underscores. */
    private void dollarQuoted() throws Unreadable {
        int j = i + 1;
        if (j < n && sql.charAt(j) != '$') {
            if (!isIdentStart(sql.charAt(j))) {
                throw new Unreadable("a $ stands where PostgreSQL expects neither a parameter nor a dollar quote");
            }
            while (j < n && (isIdentStart(sql.charAt(j)) || isDigit(sql.charAt(j)))) {
                j++;
            }
            if (j >= n || sql.charAt(j) != '$') {
                throw new Unreadable("a $ stands where PostgreSQL expects neither a parameter nor a dollar quote");
            }
        }
        if (j >= n) {
            throw new Unreadable("a $ stands where PostgreSQL expects neither a parameter nor a dollar quote");
        }
        String tag = sql.substring(i, j + 1);
        int close = sql.indexOf(tag, j + 1);
        if (close < 0) {
            throw new Unreadable("a $$ quoted string is never closed");
        }
        String value = sql.substring(j + 1, close);
        if (NESTED_DOLLAR_TAG.matcher(value).find()) {
            // $a$ $$ ... $$ $a$: a reader that matches any tag ends the string early.
            throw new Unreadable("a dollar-quoted string holds another dollar tag, which readers that do not "
                    + "match tags exactly end there; use a plain '...' string");
        }
        i = close + tag.length();
        addString(value);
    }

    private void parameter() throws Unreadable {
        int start = i;
        i++;
        while (i < n && isDigit(sql.charAt(i))) {
            i++;
        }
        if (i < n && isIdentPart(sql.charAt(i))) {
            throw new Unreadable("trailing junk after a parameter");
        }
        tokens.add(new Token(Type.PARAMETER, sql.substring(start, i)));
    }

    private void number() throws Unreadable {
        int start = i;
        if (sql.charAt(i) == '0' && "xXoObB".indexOf(peek(1)) >= 0) {
            i += 2;
            while (i < n && (Character.digit(sql.charAt(i), 16) >= 0 || sql.charAt(i) == '_')) {
                i++;
            }
        } else {
            digits();
            if (i < n && sql.charAt(i) == '.' && peek(1) != '.') {
                i++;
                digits();
            }
            if (i < n && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
                int save = i;
                i++;
                if (i < n && (sql.charAt(i) == '+' || sql.charAt(i) == '-')) {
                    i++;
                }
                if (i < n && isDigit(sql.charAt(i))) {
                    digits();
                } else {
                    i = save;
                }
            }
        }
        if (i < n && (isIdentPart(sql.charAt(i)) || sql.charAt(i) == '.')) {
            throw new Unreadable("trailing junk after a number");
        }
        tokens.add(new Token(Type.NUMBER, sql.substring(start, i)));
    }

    private void digits() {
        while (i < n && (isDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
            i++;
        }
    }

    /** A bare word folds to lower case (ASCII letters only, as PostgreSQL folds in UTF-8). */
    private void word() throws Unreadable {
        int start = i;
        while (i < n && isIdentPart(sql.charAt(i))) {
            i++;
        }
        String word = asciiLower(sql.substring(start, i));
        checkLength(word);
        // A non-ASCII letter is never part of a keyword: such a word is a name, written quoted.
        boolean ascii = word.chars().allMatch(ch -> ch < 0x80);
        tokens.add(new Token(ascii ? Type.WORD : Type.QUOTED_IDENTIFIER, word));
    }

    static String asciiLower(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            out.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return out.toString();
    }

    /**
     * An operator as PostgreSQL cuts it: the longest run of operator characters, stopped by a
     * comment start; a multi-character operator does not end in + or - unless it holds one of
     * {@code ~ ! @ # % ^ & | ` ?}.
     */
    private void operator() {
        int start = i;
        while (i < n && OPERATOR_CHARS.indexOf(sql.charAt(i)) >= 0) {
            if (i > start && (sql.startsWith("--", i) || sql.startsWith("/*", i))) {
                break;
            }
            i++;
        }
        String op = sql.substring(start, i);
        boolean nonSql = op.chars().anyMatch(ch -> NON_SQL_OPERATOR_CHARS.indexOf(ch) >= 0);
        while (op.length() > 1 && !nonSql && (op.endsWith("+") || op.endsWith("-"))) {
            op = op.substring(0, op.length() - 1);
        }
        i = start + op.length();
        tokens.add(new Token(Type.OPERATOR, op));
    }
}
