package dev.airlock.sql.lineage;

import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.Select;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classification corpus through the lineage reading: every query it holds is read (an
 * unreadable one would be masked whole), except those that run SQL given as text.
 */
class LineageCorpusTest {
    private static final Pattern QUERY_TEXT = Pattern.compile("(?i)ts_stat|ts_rewrite|_to_xml|dblink|crosstab|"
            + "xpath_table|connectby|pg_read|lo_get|lo_export|\\binto\\b");

    @Test
    void analyze_whenCorpusSelectParses_readsItsLineage() throws Exception {
        String text;
        try (InputStream in = LineageCorpusTest.class.getResourceAsStream("/corpus/postgresql.sql")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> unread = new ArrayList<>();
        int read = 0;
        for (String sql : statements(text)) {
            Statement statement;
            try {
                statement = CCJSqlParserUtil.parse(sql, parser -> parser.withAllowComplexParsing(true));
            } catch (Exception | Error e) {
                continue;
            }
            if (!(statement instanceof Select) || QUERY_TEXT.matcher(sql).find()) {
                continue;
            }
            LineageFacts facts = LineageAnalyzer.analyze(statement, "public");
            if (facts.lineage().known()) {
                read++;
            } else {
                unread.add(sql.replaceAll("\\s+", " "));
            }
        }
        System.out.printf("lineage: %d corpus queries read, %d not%n", read, unread.size());
        assertThat(unread).as("corpus queries whose lineage could not be read").isEmpty();
        assertThat(read).isGreaterThan(100);
    }

    private static List<String> statements(String text) {
        List<String> statements = new ArrayList<>();
        StringBuilder sql = null;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("@ ")) {
                if (sql != null && !sql.isEmpty()) {
                    statements.add(sql.toString().strip());
                }
                sql = new StringBuilder();
            } else if (sql != null) {
                sql.append(line).append('\n');
            }
        }
        if (sql != null && !sql.isEmpty()) {
            statements.add(sql.toString().strip());
        }
        return statements;
    }
}
