package dev.airlock.sql;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, principle 1: Airlock reads a PostgreSQL text once, writes it back as canonical
 * text, and that text reads back to itself; texts with more than one reading are refused.
 */
class OneReadingTest {

    private static List<String> corpusTexts() {
        return Stream.concat(Corpus.load("postgresql.sql").cases().stream(), Corpus.load("red-team.sql").cases().stream())
                .map(Corpus.Case::sql).toList();
    }

    @Test
    void of_whenCorpusTextHasOneReading_canonicalTextReadsBackToItself() {
        int read = 0;
        for (String sql : corpusTexts()) {
            OneReading.Result reading = OneReading.of(sql);
            if (reading.failed()) {
                continue;
            }
            read++;
            OneReading.Result again = OneReading.of(reading.canonical());
            assertThat(again.failed()).as(sql).isFalse();
            assertThat(again.canonical()).as(sql).isEqualTo(reading.canonical());
            assertThat(again.tokens()).as(sql).isEqualTo(reading.tokens());
        }
        assertThat(read).isGreaterThan(500);
    }

    /**
     * The same tokens spelled differently (case, comments and PostgreSQL's line ends between
     * tokens, U& names with and without UESCAPE, E'', U&'' and dollar-quoted strings) have the
     * same canonical text: the canonical text is the statement, not its spelling.
     */
    @Test
    void of_whenSameTokensSpelledDifferently_givesTheSameCanonicalText() {
        Random random = new Random(13);
        int variants = 0;
        for (String sql : corpusTexts()) {
            OneReading.Result reading = OneReading.of(sql);
            if (reading.failed()) {
                continue;
            }
            for (int k = 0; k < 5; k++) {
                String variant = respell(reading.tokens(), random);
                OneReading.Result respelled = OneReading.of(variant);
                assertThat(respelled.error()).as(variant).isNull();
                assertThat(respelled.canonical()).as(variant).isEqualTo(reading.canonical());
                variants++;
            }
        }
        assertThat(variants).isGreaterThan(2500);
    }

    private static final String[] SEPARATORS = {" ", "\n", "\t", "\r\n", "\u000B", "\f", "/* c */", "/* a /* nested */ b */",
            " -- line comment\n", " -- ends at CR\r", " --x\u2028 still a comment\n"};

    static String respell(List<PostgresLexer.Token> tokens, Random random) {
        StringBuilder out = new StringBuilder();
        for (PostgresLexer.Token token : tokens) {
            if (!out.isEmpty()) {
                out.append(SEPARATORS[random.nextInt(SEPARATORS.length)]);
            }
            out.append(switch (token.type()) {
                case WORD -> random.nextBoolean() ? token.value().toUpperCase(java.util.Locale.ROOT) : token.value();
                case QUOTED_IDENTIFIER -> random.nextBoolean() ? unicodeName(token.value(), random)
                        : CanonicalText.quoteIdentifier(token.value());
                case STRING -> string(token.value(), random);
                default -> token.value();
            });
        }
        return out.toString();
    }

    private static String unicodeName(String name, Random random) {
        boolean bang = random.nextBoolean();
        char escape = bang ? '!' : '\\';
        StringBuilder out = new StringBuilder("U&\"");
        name.codePoints().forEach(cp -> {
            if (cp == '"') {
                out.append("\"\"");
            } else if (cp == escape) {
                out.append(escape).append(escape);
            } else if (cp > 0xFFFF) {
                out.append(escape).append('+').append(String.format("%06x", cp));
            } else {
                out.append(escape).append(String.format("%04X", cp));
            }
        });
        out.append('"');
        return bang ? out + " UESCAPE '!'" : out.toString();
    }

    private static String string(String value, Random random) {
        switch (random.nextInt(4)) {
            case 0: {
                StringBuilder out = new StringBuilder("E'");
                value.codePoints().forEach(cp -> {
                    if (cp == '\\') {
                        out.append("\\\\");
                    } else if (cp == '\'') {
                        out.append("''");
                    } else if (cp < 0x80 && Character.isLetter(cp)) {
                        out.append(String.format("\\x%02x", cp));
                    } else {
                        out.appendCodePoint(cp);
                    }
                });
                return out.append('\'').toString();
            }
            case 1: {
                StringBuilder out = new StringBuilder("U&'");
                value.codePoints().forEach(cp -> {
                    if (cp == '\'') {
                        out.append("''");
                    } else if (cp > 0xFFFF) {
                        out.append("\\+").append(String.format("%06x", cp));
                    } else {
                        out.append('\\').append(String.format("%04x", cp));
                    }
                });
                return out.append('\'').toString();
            }
            case 2:
                if (!value.contains("$")) {
                    return "$q$" + value + "$q$";
                }
                return CanonicalText.quoteString(value);
            default:
                return CanonicalText.quoteString(value);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "select 1; select 2",
            "select 1; delete from orders",
            "select 'never closed",
            "select \"never closed",
            "select 1 /* never closed",
            "select $$ never closed",
            "select 1\0",
            "select 'a\0b'",
            "select E'a\\0b'",
            "select E'\\xff'",
            "select E'\\u12'",
            "select U&'\\0000'",
            "select U&'\\D800'",
            "select U&\"\\0000\"",
            "select U&\"x\" UESCAPE 'ab'",
            "select U&\"x\" UESCAPE '+'",
            "select 'a'\n'b'",
            "select 'a' -- c\n 'b'",
            "select {fn pg_sleep(1)}",
            "select 1as x",
            "select $1a",
            "select 1 as a$$; select 1/0; --$$",
            "select \"\"",
            "select N'x'",
            "select 1 \u0001",
            "select 1\u2028; select 2",
    })
    void of_whenTextHasNoSingleExactReading_isRefused(String sql) {
        OneReading.Result reading = OneReading.of(sql);
        assertThat(reading.failed()).as(sql).isTrue();
        assertThat(reading.canonical()).isEmpty();
        assertThat(new SqlStatementClassifier().classify(sql, dev.airlock.core.model.SqlDialect.POSTGRESQL, "public")
                .executableSql()).isEmpty();
    }

    @Test
    void of_whenDollarTagIsNonAscii_readsItAsPostgresDoes() {
        // PostgreSQL takes any non-ASCII letter in a dollar-quote tag; the text runs as a plain string.
        assertThat(OneReading.of("select $é$ x; $é$").canonical()).isEqualTo("select ' x; '");
    }

    @Test
    void of_whenNameLongerThanPostgresKeeps_isRefused() {
        assertThat(OneReading.of("select 1 as " + "a".repeat(64)).failed()).isTrue();
        assertThat(OneReading.of("select 1 as " + "a".repeat(63)).failed()).isFalse();
    }

    @Test
    void of_whenStringsHoldBackslashesOrQuotes_writesOneFormEveryReaderAgreesOn() {
        assertThat(OneReading.of("select 'x\\y', 'z'").canonical()).isEqualTo("select E'x\\\\y', 'z'");
        assertThat(OneReading.of("select E'it''s'").canonical()).isEqualTo("select 'it''s'");
        assertThat(OneReading.of("select $$a'b\\c$$").canonical()).isEqualTo("select E'a''b\\\\c'");
        assertThat(OneReading.of("select U&'\\0041!' ").canonical()).isEqualTo("select 'A!'");
        assertThat(OneReading.of("select E'line\\nbreak'").canonical()).isEqualTo("select E'line\\nbreak'");
    }

    /** Texts whose strings end in different places for different readers have no one reading. */
    @Test
    void of_whenAStringEndsDifferentlyForAnotherReader_isRefused() {
        // standard_conforming_strings off: \' escapes the quote and the string goes on.
        assertThat(OneReading.of("select 'x\\', 'y'").failed()).isTrue();
        assertThat(OneReading.of("select 'a\\'';' ").failed()).isTrue();
        assertThat(OneReading.of("select U&'x\\'").failed()).isTrue();
        // A reader that does not know E'' strings ends this one at the escaped quote.
        assertThat(OneReading.of("select E'it\\'s'").failed()).isTrue();
        // A reader that does not match dollar tags exactly ends this one at the inner $$.
        assertThat(OneReading.of("select $a$ $$ ; delete from orders; $$ $a$").failed()).isTrue();
        assertThat(OneReading.of("select $a$ x $b$ y $a$").failed()).isTrue();
        // Backslashes elsewhere, doubled quotes and plain dollars inside a dollar quote read alike everywhere.
        assertThat(OneReading.of("select 'a\\b', E'c\\\\', 'it''s', $$ 5$ $$").failed()).isFalse();
    }

    @Test
    void of_whenNamesAreEscapedOrNonAscii_writesThemQuotedAndDecoded() {
        assertThat(OneReading.of("SELECT U&\"pg\\005fsleep\"(1)").canonical()).isEqualTo("select \"pg_sleep\"(1)");
        assertThat(OneReading.of("select 1 AS Prénom").canonical()).isEqualTo("select 1 as \"prénom\"");
        assertThat(OneReading.of("select a.b, t.* from s . t").canonical()).isEqualTo("select a.b, t.* from s.t");
    }

    @Test
    void of_whenOperatorsTouch_cutsThemAsPostgresDoes() {
        List<String> ops = new ArrayList<>();
        for (PostgresLexer.Token t : OneReading.of("select 1=-1, 2<=3, 4*-5, 'a'::text, 6@-7").tokens()) {
            if (t.type() == PostgresLexer.Type.OPERATOR) {
                ops.add(t.value());
            }
        }
        assertThat(ops).containsExactly("=", "-", "<=", "*", "-", "::", "@-");
    }
}
