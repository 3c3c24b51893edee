package dev.airlock.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A classification corpus under {@code src/test/resources/corpus/}: cases headed
 * {@code @ <risk> <kind>}, each followed by its SQL, {@code #} lines being comments.
 */
record Corpus(String name, List<Case> cases) {

    /**
     * One statement and how it must be classified; {@code line} is where its header is.
     * {@code expectations} are the header's further {@code key=value} fields (red-team corpus).
     */
    record Case(int line, String risk, String kind, String sql, List<String> expectations) {
        Case(int line, String risk, String kind, String sql) {
            this(line, risk, kind, sql, List.of());
        }

        String title() {
            String oneLine = sql.replaceAll("\\s+", " ").strip();
            return "line " + line + " [" + risk + " " + kind + "] "
                    + (oneLine.length() > 90 ? oneLine.substring(0, 89) + "…" : oneLine);
        }
    }

    static Corpus load(String name) {
        try (InputStream in = Corpus.class.getResourceAsStream("/corpus/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no corpus " + name);
            }
            return new Corpus(name, parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Case> parse(String text) {
        List<Case> cases = new ArrayList<>();
        String[] header = null;
        int headerLine = 0;
        StringBuilder sql = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("=> ") && header != null) {
                // The canonical text Airlock must run for this case, in the red-team corpus.
                String[] extended = java.util.Arrays.copyOf(header, header.length + 1);
                extended[header.length] = "runs=" + line.substring(3);
                header = extended;
                continue;
            }
            if (line.startsWith("@ ")) {
                if (header != null) {
                    cases.add(newCase(headerLine, header, sql));
                }
                header = line.substring(2).strip().split("\\s+");
                if (header.length < 2) {
                    throw new IllegalStateException("line " + (i + 1) + ": header must be '@ <risk> <kind> [key=value...]'");
                }
                headerLine = i + 1;
                sql.setLength(0);
            } else if (header != null) {
                sql.append(line).append('\n');
            }
        }
        if (header != null) {
            cases.add(newCase(headerLine, header, sql));
        }
        return cases;
    }

    private static Case newCase(int line, String[] header, StringBuilder sql) {
        return new Case(line, header[0].toLowerCase(Locale.ROOT), header[1].toLowerCase(Locale.ROOT),
                unescape(trimCase(sql)), List.of(header).subList(2, header.length));
    }

    /**
     * {@code {U+XXXX}} in a case stands for that character, so that line ends PostgreSQL does not
     * know (U+2028), vertical tabs, carriage returns and NUL can be written in a text file.
     */
    static String unescape(String sql) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{U\\+([0-9A-Fa-f]{4,6})}").matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(
                    new String(Character.toChars(Integer.parseInt(m.group(1), 16)))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Blank lines between cases are layout, not SQL. */
    private static String trimCase(StringBuilder sql) {
        return sql.toString().replaceAll("\\A\\n+|\\n+\\z", "");
    }
}
