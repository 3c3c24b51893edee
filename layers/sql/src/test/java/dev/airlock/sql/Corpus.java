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

    /** One statement and how it must be classified; {@code line} is where its header is. */
    record Case(int line, String risk, String kind, String sql) {
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
            if (line.startsWith("@ ")) {
                if (header != null) {
                    cases.add(new Case(headerLine, header[0], header[1], trimCase(sql)));
                }
                header = line.substring(2).strip().toLowerCase(Locale.ROOT).split("\\s+");
                if (header.length != 2) {
                    throw new IllegalStateException("line " + (i + 1) + ": header must be '@ <risk> <kind>'");
                }
                headerLine = i + 1;
                sql.setLength(0);
            } else if (header != null) {
                sql.append(line).append('\n');
            }
        }
        if (header != null) {
            cases.add(new Case(headerLine, header[0], header[1], trimCase(sql)));
        }
        return cases;
    }

    /** Blank lines between cases are layout, not SQL. */
    private static String trimCase(StringBuilder sql) {
        return sql.toString().replaceAll("\\A\\n+|\\n+\\z", "");
    }
}
