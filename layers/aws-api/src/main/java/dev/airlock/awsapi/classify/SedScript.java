package dev.airlock.awsapi.classify;

/**
 * The one sed script shape Airlock lets through as read-only: addressed {@code p} commands
 * ({@code 10p}, {@code 1,5p}, {@code $p}, {@code /error/p}, separated by {@code ;} or newlines).
 * sed's {@code w}, {@code W}, {@code e} and {@code s///w} write files or run commands, so any
 * other script is not read.
 */
final class SedScript {
    private final String s;
    private int pos;

    private SedScript(String s) {
        this.s = s;
    }

    static boolean onlyPrints(String script) {
        return new SedScript(script).commands();
    }

    private boolean commands() {
        boolean any = false;
        while (true) {
            skipSpaces();
            if (pos >= s.length()) {
                return any;
            }
            if (!address()) {
                return false;
            }
            skipSpaces();
            if (pos < s.length() && s.charAt(pos) == ',') {
                pos++;
                if (!address()) {
                    return false;
                }
                skipSpaces();
            }
            if (pos >= s.length() || s.charAt(pos) != 'p') {
                return false;
            }
            pos++;
            any = true;
            skipSpaces();
            if (pos < s.length()) {
                char c = s.charAt(pos);
                if (c != ';' && c != '\n') {
                    return false;
                }
                pos++;
            }
        }
    }

    /** An optional line number, {@code $} or {@code /regex/}. */
    private boolean address() {
        if (pos >= s.length()) {
            return true;
        }
        char c = s.charAt(pos);
        if (c == '$') {
            pos++;
            return true;
        }
        if (Character.isDigit(c)) {
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                pos++;
            }
            return true;
        }
        if (c == '/') {
            pos++;
            while (pos < s.length()) {
                char r = s.charAt(pos);
                if (r == '\\') {
                    pos += 2;
                } else if (r == '/') {
                    pos++;
                    return true;
                } else if (r == '\n') {
                    return false;
                } else {
                    pos++;
                }
            }
            return false;
        }
        return true;
    }

    private void skipSpaces() {
        while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
            pos++;
        }
    }
}
