package dev.airlock.sql;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.airlock.core.model.SqlClassification;
import dev.airlock.core.model.SqlDialect;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer fuzzes the classifier: whatever the text, it returns a classification (no exception
 * escapes) within the parse time bound. The normal build replays the inputs in
 * {@code SqlClassifierFuzzTestInputs/}; to fuzz, run
 * {@code JAZZER_FUZZ=1 ./mvnw -pl layers/sql -am test -Dtest=SqlClassifierFuzzTest -Dsurefire.failIfNoSpecifiedTests=false}
 * and add any crash it finds to that folder.
 */
class SqlClassifierFuzzTest {
    private static final Duration BOUND = SqlStatementClassifier.DEFAULT_PARSE_TIMEOUT.plusSeconds(1);
    private static final SqlStatementClassifier CLASSIFIER = new SqlStatementClassifier();

    @FuzzTest(maxDuration = "90s")
    void classify_neverThrowsAndStaysInTime(FuzzedDataProvider data) {
        SqlDialect dialect = data.consumeBoolean() ? SqlDialect.MYSQL : SqlDialect.POSTGRESQL;
        String sql = data.consumeRemainingAsString();
        long start = System.nanoTime();

        SqlClassification classification = CLASSIFIER.classify(sql, dialect, dialect.defaultSchema());

        assertThat(classification).isNotNull();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
        if (classification.risk() == dev.airlock.core.model.RiskClass.READ) {
            assertThat(classification.statementCount()).isEqualTo(1);
        }
    }
}
