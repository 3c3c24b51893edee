package dev.airlock.awsapi.classify;

import dev.airlock.awsapi.classify.PartiqlStatement.Doubt;
import dev.airlock.awsapi.classify.PartiqlStatement.Token;
import dev.airlock.awsapi.classify.PartiqlStatement.TokenType;

import java.util.ArrayList;
import java.util.List;

/**
 * PartiQL's tokens: words, double-quoted names ({@code ""} escapes a quote), single-quoted
 * strings ({@code ''}), numbers, {@code ?} parameters and punctuation; {@code --} and
 * {@code /* *}{@code /} comments are dropped. Outside quotes only ASCII is accepted, so a
 * lookalike letter cannot pass for a keyword or a separator.
 */
final class PartiqlTokenizer {
    private static final String PUNCTUATION = ".,()[]{}:*=<>!+-/|;%";

    private PartiqlTokenizer() {
    }

    static List<Token> tokenize(String s) throws Doubt {
        List<Token> tokens = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                i++;
            } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
                while (i < n && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new Doubt("a /* comment is not closed");
                }
                if (s.substring(i + 2, end).contains("/*")) {
                    throw new Doubt("a comment opens another comment");
                }
                i = end + 2;
            } else if (c == '"' || c == '\'') {
                StringBuilder text = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw new Doubt(c == '"' ? "a quoted name is not closed" : "a string is not closed");
                    }
                    char q = s.charAt(i);
                    if (q == c) {
                        if (i + 1 < n && s.charAt(i + 1) == c) {
                            text.append(c);
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    text.append(q);
                    i++;
                }
                tokens.add(new Token(c == '"' ? TokenType.QUOTED : TokenType.STRING, text.toString()));
            } else if (isWordStart(c)) {
                int start = i;
                while (i < n && (isWordStart(s.charAt(i)) || isDigit(s.charAt(i)))) {
                    i++;
                }
                tokens.add(new Token(TokenType.WORD, s.substring(start, i)));
            } else if (isDigit(c)) {
                int start = i;
                while (i < n && isDigit(s.charAt(i))) {
                    i++;
                }
                if (i + 1 < n && s.charAt(i) == '.' && isDigit(s.charAt(i + 1))) {
                    i++;
                    while (i < n && isDigit(s.charAt(i))) {
                        i++;
                    }
                }
                if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                    int exponent = i + 1;
                    if (exponent < n && (s.charAt(exponent) == '+' || s.charAt(exponent) == '-')) {
                        exponent++;
                    }
                    if (exponent < n && isDigit(s.charAt(exponent))) {
                        i = exponent;
                        while (i < n && isDigit(s.charAt(i))) {
                            i++;
                        }
                    }
                }
                if (i < n && isWordStart(s.charAt(i))) {
                    throw new Doubt("a number runs into a word: " + s.substring(start, i + 1));
                }
                tokens.add(new Token(TokenType.NUMBER, s.substring(start, i)));
            } else if (c == '?') {
                tokens.add(new Token(TokenType.PARAMETER, "?"));
                i++;
            } else if (PUNCTUATION.indexOf(c) >= 0) {
                String two = i + 1 < n ? s.substring(i, i + 2) : "";
                if (two.equals("<=") || two.equals(">=") || two.equals("<>") || two.equals("!=") || two.equals("||")
                        || two.equals("<<") || two.equals(">>")) {
                    tokens.add(new Token(TokenType.PUNCT, two));
                    i += 2;
                } else {
                    tokens.add(new Token(TokenType.PUNCT, String.valueOf(c)));
                    i++;
                }
            } else {
                throw new Doubt(c < 128 ? "the character '" + c + "' is not PartiQL"
                        : String.format("the character U+%04X outside quotes is not PartiQL", (int) c));
            }
        }
        tokens.add(new Token(TokenType.END, ""));
        return tokens;
    }

    private static boolean isWordStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
