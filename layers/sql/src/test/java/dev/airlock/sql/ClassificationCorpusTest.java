package dev.airlock.sql;

import dev.airlock.core.model.SqlClassification;
import dev.airlock.core.model.SqlDialect;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every statement in the corpora gets the risk and kind its header says. */
class ClassificationCorpusTest {
    private static final SqlStatementClassifier CLASSIFIER = new SqlStatementClassifier();

    private static Stream<DynamicTest> cases(String corpus, SqlDialect dialect) {
        return Corpus.load(corpus).cases().stream().map(c -> DynamicTest.dynamicTest(c.title(), () -> {
            SqlClassification actual = CLASSIFIER.classify(c.sql(), dialect, dialect.defaultSchema());
            assertThat(actual.risk().name().toLowerCase(Locale.ROOT) + " " + actual.kind().name().toLowerCase(Locale.ROOT))
                    .as("%s: %s%s", corpus, c.title(), actual.unknownReason().map(r -> " (" + r + ")").orElse(""))
                    .isEqualTo(c.risk() + " " + c.kind());
        }));
    }

    @TestFactory
    Stream<DynamicTest> postgresql() {
        return cases("postgresql.sql", SqlDialect.POSTGRESQL);
    }

    @TestFactory
    Stream<DynamicTest> mysql() {
        return cases("mysql.sql", SqlDialect.MYSQL);
    }

    @Test
    void postgresqlCorpus_isLargeAndVaried() {
        var cases = Corpus.load("postgresql.sql").cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(300);
        assertThat(cases.stream().map(Corpus.Case::risk).distinct())
                .contains("read", "write", "destructive", "ddl", "privilege", "unknown");
    }
}
