package dev.airlock.awsapi.classify;

import java.util.ArrayList;
import java.util.List;

/**
 * A hand-written reader for the POSIX sh grammar (and the bash additions agents write): it finds
 * every simple command a script would run, in subshells, groups, command and process
 * substitutions and backticks too, with its words as the shell would see them after quote
 * removal, and its redirections. What it cannot read exactly ends the parse with a reason:
 * the classifier then fails closed.
 */
final class ShellSyntax {
    /** Beyond this nesting the script is refused rather than read (and the stack stays bounded). */
    private static final int MAX_DEPTH = 40;

    private ShellSyntax() {
    }

    /**
     * One word after quote removal.
     *
     * @param text        its characters (expansions contribute nothing)
     * @param literal     no parameter, arithmetic or command expansion: the shell sees {@code text} as is
     * @param glob        an unquoted pattern or brace expansion: the shell may turn it into other words
     * @param quoted      some of it was quoted or escaped
     * @param plainPrefix how many leading characters are plain (unquoted, unexpanded); the whole text when all are
     */
    record Word(String text, boolean literal, boolean glob, boolean quoted, int plainPrefix) {

        boolean isPlain(String s) {
            return literal && !quoted && !glob && text.equals(s);
        }

        /** For {@code NAME=value} with an unquoted name and {@code =}: the name; else null. */
        String assignmentName() {
            int eq = text.indexOf('=');
            if (eq <= 0 || eq >= plainPrefix) {
                return null;
            }
            String name = text.substring(0, eq);
            if (!isNameStart(name.charAt(0))) {
                return null;
            }
            for (int i = 1; i < name.length(); i++) {
                if (!isNameChar(name.charAt(i))) {
                    return null;
                }
            }
            return name;
        }
    }

    /** A redirection: {@code fd} as written (empty when none), the operator and its target. */
    record Redirect(String fd, String op, Word target) {
    }

    record SimpleCommand(List<Word> words, List<Redirect> redirects) {
    }

    /** What the script holds: its simple commands, and constructs that hide commands from a reader. */
    record Parsed(List<SimpleCommand> commands, List<String> hazards, String error) {
        boolean complete() {
            return error == null;
        }
    }

    static final class SyntaxError extends Exception {
        SyntaxError(String message) {
            super(message, null, false, false);
        }
    }

    static Parsed parse(String script) {
        List<SimpleCommand> commands = new ArrayList<>();
        List<String> hazards = new ArrayList<>();
        Parser parser = new Parser(script, 0, commands, hazards);
        String error = null;
        try {
            parser.parseScript();
        } catch (SyntaxError e) {
            error = e.getMessage();
        }
        return new Parsed(List.copyOf(commands), List.copyOf(hazards), error);
    }

    static boolean isNameStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isNameChar(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }

    private static boolean isMeta(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' || c == '(' || c == ')'
                || c == '<' || c == '>';
    }

    private record Heredoc(String delimiter, boolean quoted, boolean stripTabs) {
    }

    /** A word being read: quoting and expansion flags accumulate as its parts are read. */
    private static final class WordBuilder {
        final StringBuilder text = new StringBuilder();
        boolean literal = true;
        boolean glob;
        boolean quoted;
        boolean braceOpen;
        boolean bracketOpen;
        int plainPrefix = -1;

        void notPlain() {
            if (plainPrefix < 0) {
                plainPrefix = text.length();
            }
        }

        void markQuoted() {
            notPlain();
            quoted = true;
        }

        void markExpanded() {
            notPlain();
            literal = false;
        }

        Word build() {
            String s = text.toString();
            boolean brace = braceOpen && (s.contains(",") || s.contains(".."));
            // A lone [ (the test command) is no pattern: only [...] is.
            boolean bracket = bracketOpen && s.indexOf(']', s.indexOf('[')) > 0;
            return new Word(s, literal, glob || brace || bracket, quoted, plainPrefix < 0 ? s.length() : plainPrefix);
        }
    }

    private static final class Parser {
        private final String s;
        private final int n;
        private int pos;
        private int depth;
        private final List<SimpleCommand> commands;
        private final List<String> hazards;
        private final List<Heredoc> pending = new ArrayList<>();

        Parser(String s, int depth, List<SimpleCommand> commands, List<String> hazards) {
            this.s = s;
            this.n = s.length();
            this.depth = depth;
            this.commands = commands;
            this.hazards = hazards;
        }

        private SyntaxError fail(String message) {
            return new SyntaxError(message);
        }

        private void enter() throws SyntaxError {
            if (++depth > MAX_DEPTH) {
                throw fail("the script nests deeper than " + MAX_DEPTH + " levels");
            }
        }

        private void leave() {
            depth--;
        }

        private char at(int i) {
            return i < n ? s.charAt(i) : '\0';
        }

        void parseScript() throws SyntaxError {
            parseList(false);
            if (!pending.isEmpty()) {
                throw fail("the here-document <<" + pending.getFirst().delimiter() + " is not terminated");
            }
        }

        /** Commands up to the end, or up to a {@code )} (not consumed) when {@code inParens}. */
        private void parseList(boolean inParens) throws SyntaxError {
            enter();
            while (true) {
                skipBlanks();
                if (pos >= n) {
                    if (inParens) {
                        throw fail("a '(' is not closed");
                    }
                    break;
                }
                char c = s.charAt(pos);
                if (c == '#') {
                    skipComment();
                } else if (c == ')') {
                    if (inParens) {
                        break;
                    }
                    throw fail("a ')' closes nothing");
                } else if (c == '\n') {
                    pos++;
                    readHeredocs();
                } else if (c == ';') {
                    if (at(pos + 1) == ';' || at(pos + 1) == '&') {
                        throw fail("';;' outside a case statement");
                    }
                    pos++;
                } else if (c == '&' && at(pos + 1) != '>') {
                    pos += at(pos + 1) == '&' ? 2 : 1;
                } else if (c == '|') {
                    pos += at(pos + 1) == '|' || at(pos + 1) == '&' ? 2 : 1;
                } else if (c == '(') {
                    if (at(pos + 1) == '(') {
                        throw fail("arithmetic commands (( )) are not classified");
                    }
                    pos++;
                    parseList(true);
                    pos++;
                } else {
                    parseSimpleCommand();
                }
            }
            leave();
        }

        private void skipBlanks() {
            while (pos < n) {
                char c = s.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\r') {
                    pos++;
                } else if (c == '\\' && at(pos + 1) == '\n') {
                    pos += 2;
                } else {
                    break;
                }
            }
        }

        private void skipComment() {
            while (pos < n && s.charAt(pos) != '\n') {
                pos++;
            }
        }

        private void parseSimpleCommand() throws SyntaxError {
            List<Word> words = new ArrayList<>();
            List<Redirect> redirects = new ArrayList<>();
            while (true) {
                skipBlanks();
                if (pos >= n) {
                    break;
                }
                char c = s.charAt(pos);
                if (c == '#') {
                    skipComment();
                    break;
                }
                if (c == '(') {
                    throw fail("'(' inside a command (a function definition?) is not classified");
                }
                if (c == '\n' || c == ';' || c == '|' || c == ')' || (c == '&' && at(pos + 1) != '>')) {
                    break;
                }
                if ((c == '<' || c == '>') && at(pos + 1) == '(') {
                    pos += 2;
                    hazards.add("a process substitution " + c + "(...) runs commands");
                    parseList(true);
                    pos++;
                    words.add(new Word("", false, false, true, 0));
                    continue;
                }
                if (c == '<' || c == '>' || c == '&') {
                    redirects.add(readRedirect(""));
                    continue;
                }
                Word word = readWord();
                char next = at(pos);
                if ((next == '<' || next == '>') && at(pos + 1) != '(' && word.literal() && !word.quoted()
                        && !word.text().isEmpty() && word.text().chars().allMatch(Character::isDigit)) {
                    redirects.add(readRedirect(word.text()));
                    continue;
                }
                words.add(word);
            }
            commands.add(new SimpleCommand(List.copyOf(words), List.copyOf(redirects)));
        }

        private Redirect readRedirect(String fd) throws SyntaxError {
            String op;
            if (s.startsWith("<<<", pos)) {
                op = "<<<";
            } else if (s.startsWith("<<-", pos)) {
                op = "<<-";
            } else if (s.startsWith("&>>", pos)) {
                op = "&>>";
            } else {
                String two = pos + 2 <= n ? s.substring(pos, pos + 2) : "";
                op = switch (two) {
                    case "<<", "<>", "<&", ">>", ">|", ">&", "&>" -> two;
                    default -> s.substring(pos, pos + 1);
                };
            }
            pos += op.length();
            skipBlanks();
            if (pos >= n || isMeta(s.charAt(pos))) {
                throw fail("the redirection " + fd + op + " has no target");
            }
            Word target = readWord();
            if (op.equals("<<") || op.equals("<<-")) {
                pending.add(new Heredoc(target.text(), target.quoted(), op.equals("<<-")));
            }
            return new Redirect(fd, op, target);
        }

        private void readHeredocs() throws SyntaxError {
            for (Heredoc heredoc : pending) {
                StringBuilder body = new StringBuilder();
                boolean found = false;
                while (pos < n) {
                    int eol = s.indexOf('\n', pos);
                    if (eol < 0) {
                        eol = n;
                    }
                    String line = s.substring(pos, eol);
                    pos = Math.min(eol + 1, n);
                    String compared = heredoc.stripTabs() ? line.replaceFirst("^\t+", "") : line;
                    if (compared.equals(heredoc.delimiter())) {
                        found = true;
                        break;
                    }
                    body.append(line).append('\n');
                }
                if (!found) {
                    throw fail("the here-document <<" + heredoc.delimiter() + " is not terminated");
                }
                String expanded = body.toString().replace("\\\n", "");
                if (!heredoc.quoted() && (expanded.contains("$(") || expanded.contains("`"))) {
                    hazards.add("the here-document <<" + heredoc.delimiter() + " runs command substitutions");
                }
            }
            pending.clear();
        }

        private Word readWord() throws SyntaxError {
            WordBuilder word = new WordBuilder();
            while (pos < n) {
                char c = s.charAt(pos);
                if (isMeta(c)) {
                    break;
                }
                switch (c) {
                    case '\\' -> {
                        if (pos + 1 >= n) {
                            word.text.append('\\');
                            pos++;
                        } else if (s.charAt(pos + 1) == '\n') {
                            pos += 2;
                        } else {
                            word.markQuoted();
                            word.text.append(s.charAt(pos + 1));
                            pos += 2;
                        }
                    }
                    case '\'' -> {
                        word.markQuoted();
                        int end = s.indexOf('\'', pos + 1);
                        if (end < 0) {
                            throw fail("a single quote is not closed");
                        }
                        word.text.append(s, pos + 1, end);
                        pos = end + 1;
                    }
                    case '"' -> {
                        word.markQuoted();
                        pos++;
                        readDoubleQuoted(word);
                    }
                    case '$' -> readDollar(word, false);
                    case '`' -> backtick(word);
                    case '[' -> {
                        word.bracketOpen = true;
                        word.text.append(c);
                        pos++;
                    }
                    case '*', '?' -> {
                        word.glob = true;
                        word.text.append(c);
                        pos++;
                    }
                    case '{' -> {
                        word.braceOpen = true;
                        word.text.append(c);
                        pos++;
                    }
                    default -> {
                        word.text.append(c);
                        pos++;
                    }
                }
            }
            return word.build();
        }

        private void readDoubleQuoted(WordBuilder word) throws SyntaxError {
            while (true) {
                if (pos >= n) {
                    throw fail("a double quote is not closed");
                }
                char c = s.charAt(pos);
                if (c == '"') {
                    pos++;
                    return;
                }
                if (c == '\\') {
                    char next = at(pos + 1);
                    if (next == '$' || next == '`' || next == '"' || next == '\\') {
                        word.text.append(next);
                        pos += 2;
                    } else if (next == '\n') {
                        pos += 2;
                    } else {
                        word.text.append('\\');
                        pos++;
                    }
                } else if (c == '$') {
                    readDollar(word, true);
                } else if (c == '`') {
                    backtick(word);
                } else {
                    word.text.append(c);
                    pos++;
                }
            }
        }

        /** At a {@code $}: a parameter, command or arithmetic expansion, ANSI-C quoting, or a plain dollar. */
        private void readDollar(WordBuilder word, boolean inDouble) throws SyntaxError {
            pos++;
            char c = at(pos);
            if (c == '(' && at(pos + 1) == '(') {
                word.markExpanded();
                hazards.add("an arithmetic expansion $((...)) may hold command substitutions");
                skipArithmetic();
            } else if (c == '(') {
                word.markExpanded();
                hazards.add("a command substitution $(...) runs commands");
                pos++;
                parseList(true);
                pos++;
            } else if (c == '{') {
                word.markExpanded();
                pos++;
                readBraceParameter();
            } else if (c == '\'' && !inDouble) {
                // $'...' decodes escapes (\x72m is rm): Airlock does not decode it, so it is not literal.
                word.markExpanded();
                word.quoted = true;
                pos++;
                while (true) {
                    if (pos >= n) {
                        throw fail("a $'...' quote is not closed");
                    }
                    char q = s.charAt(pos);
                    if (q == '\\') {
                        pos += 2;
                    } else if (q == '\'') {
                        pos++;
                        break;
                    } else {
                        pos++;
                    }
                }
            } else if (c == '"' && !inDouble) {
                word.markQuoted();
                pos++;
                readDoubleQuoted(word);
            } else if (isNameStart(c)) {
                word.markExpanded();
                while (pos < n && isNameChar(s.charAt(pos))) {
                    pos++;
                }
            } else if (Character.isDigit(c) || "@*#?-$!".indexOf(c) >= 0 && c != '\0') {
                word.markExpanded();
                pos++;
            } else {
                word.text.append('$');
            }
        }

        private void skipArithmetic() throws SyntaxError {
            int parens = 0;
            while (pos < n) {
                char c = s.charAt(pos++);
                if (c == '(') {
                    parens++;
                } else if (c == ')') {
                    parens--;
                    if (parens == 0) {
                        return;
                    }
                }
            }
            throw fail("an arithmetic expansion $(( is not closed");
        }

        private void readBraceParameter() throws SyntaxError {
            enter();
            WordBuilder scratch = new WordBuilder();
            while (true) {
                if (pos >= n) {
                    throw fail("a ${ is not closed");
                }
                char c = s.charAt(pos);
                if (c == '}') {
                    pos++;
                    break;
                }
                if (c == '\\') {
                    pos += 2;
                } else if (c == '\'') {
                    int end = s.indexOf('\'', pos + 1);
                    if (end < 0) {
                        throw fail("a single quote is not closed");
                    }
                    pos = end + 1;
                } else if (c == '"') {
                    pos++;
                    readDoubleQuoted(scratch);
                } else if (c == '$') {
                    readDollar(scratch, true);
                } else if (c == '`') {
                    backtick(scratch);
                } else {
                    pos++;
                }
            }
            leave();
        }

        private void backtick(WordBuilder word) throws SyntaxError {
            enter();
            word.markExpanded();
            hazards.add("a command substitution `...` runs commands");
            StringBuilder inner = new StringBuilder();
            pos++;
            while (true) {
                if (pos >= n) {
                    throw fail("a backtick is not closed");
                }
                char c = s.charAt(pos);
                if (c == '`') {
                    pos++;
                    break;
                }
                if (c == '\\' && pos + 1 < n) {
                    char next = s.charAt(pos + 1);
                    if (next != '$' && next != '`' && next != '\\') {
                        inner.append('\\');
                    }
                    inner.append(next);
                    pos += 2;
                } else {
                    inner.append(c);
                    pos++;
                }
            }
            Parser nested = new Parser(inner.toString(), depth, commands, hazards);
            try {
                nested.parseScript();
            } catch (SyntaxError e) {
                hazards.add("a command substitution `...` cannot be read: " + e.getMessage());
            }
            leave();
        }
    }
}
