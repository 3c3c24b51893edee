package dev.airlock.sql;

import dev.airlock.core.model.SqlClassification;
import dev.airlock.core.model.SqlDialect;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every SQL text of the December 2026 red-team report, and variants, classified as issue 13
 * requires: one reading, functions resolved as PostgreSQL resolves them, catalogs as tables,
 * the real actions of upserts and MERGE (see {@code corpus/red-team.sql}).
 */
class RedTeamCorpusTest {
    private static final SqlStatementClassifier CLASSIFIER = new SqlStatementClassifier();

    @TestFactory
    Stream<DynamicTest> redTeam_everyCaseClassifiedAsExpected() {
        return Corpus.load("red-team.sql").cases().stream().map(c -> DynamicTest.dynamicTest(c.title(), () -> {
            SqlClassification actual = CLASSIFIER.classify(c.sql(), SqlDialect.POSTGRESQL, "public");
            String why = c.title() + actual.unknownReason().map(r -> " (" + r + ")").orElse("")
                    + " runs [" + actual.executableSql() + "]";
            assertThat(actual.risk().name().toLowerCase(Locale.ROOT) + " " + actual.kind().name().toLowerCase(Locale.ROOT))
                    .as(why).isEqualTo(c.risk() + " " + c.kind());
            for (String expectation : c.expectations()) {
                check(expectation, actual, why);
            }
            if (actual.executable()) {
                assertThat(OneReading.of(actual.executableSql()).canonical())
                        .as("the text Airlock runs reads back to itself: " + why).isEqualTo(actual.executableSql());
            }
        }));
    }

    private static void check(String expectation, SqlClassification actual, String why) {
        String key = expectation.contains("=") ? expectation.substring(0, expectation.indexOf('=')) : expectation;
        String value = expectation.substring(key.length() + (expectation.contains("=") ? 1 : 0));
        switch (key) {
            case "calls" -> assertThat(actual.sideEffectFunctions()).as(why).contains(value.split(","));
            case "folds" -> assertThat(actual.foldingAggregates()).as(why).contains(value.split(","));
            case "access" -> assertThat(actual.accesses().stream()
                    .map(a -> a.kind().name().toLowerCase(Locale.ROOT) + ":" + a.table().qualifiedName()).toList())
                    .as(why).contains(value);
            case "refused" -> assertThat(actual.executableSql()).as(why).isEmpty();
            case "runs" -> assertThat(actual.executableSql()).as(why).isEqualTo(value);
            default -> throw new IllegalStateException("unknown expectation " + expectation);
        }
    }

    @Test
    void redTeamCorpus_coversTheReport() {
        List<Corpus.Case> cases = Corpus.load("red-team.sql").cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(100);
        assertThat(cases).anySatisfy(c -> assertThat(c.sql()).contains("\u2028"));
        assertThat(cases).anySatisfy(c -> assertThat(c.sql()).contains("\0"));
    }
}
