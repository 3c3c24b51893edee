package dev.airlock.sql;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.airlock.core.model.SqlClassification;
import dev.airlock.core.model.SqlDialect;

import dev.airlock.core.model.StatementKind;
import org.postgresql.core.NativeQuery;
import org.postgresql.core.Parser;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer fuzzes the classifier: whatever the text, it returns a classification (no exception
 * escapes) within the parse time bound. The normal build replays the inputs in
 * {@code SqlClassifierFuzzTestInputs/}; to fuzz, run
 * {@code JAZZER_FUZZ=1 ./mvnw -pl layers/sql -am test -Dtest=SqlClassifierFuzzTest -Dsurefire.failIfNoSpecifiedTests=false}
 * and add any crash it finds to that folder. The same holds for {@code executableText_readsOneWayEverywhere},
 * whose seeds are the red-team report's texts.
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

    /**
     * One reading under mutation: whatever the text, what Airlock would run is one statement to
     * pgjdbc's own parser whichever way it reads backslashes, reads the same both ways, and
     * classifies again to itself (same text, kind, tables and functions).
     */
    @FuzzTest(maxDuration = "90s")
    void executableText_readsOneWayEverywhere(FuzzedDataProvider data) throws SQLException {
        SqlClassification first = CLASSIFIER.classify(data.consumeRemainingAsString(), SqlDialect.POSTGRESQL, "public");
        if (!first.executable()) {
            return;
        }
        String runs = first.executableSql();
        List<NativeQuery> on = Parser.parseJdbcSql(runs, true, true, true, false, false);
        List<NativeQuery> off = Parser.parseJdbcSql(runs, false, true, true, false, false);
        assertThat(on).as(runs).hasSize(1);
        assertThat(off).as(runs).hasSize(1);
        assertThat(off.get(0).nativeSql).as(runs).isEqualTo(on.get(0).nativeSql);

        SqlClassification again = CLASSIFIER.classify(runs, SqlDialect.POSTGRESQL, "public");
        assertThat(again.executableSql()).isEqualTo(runs);
        assertThat(again.kind()).isEqualTo(first.kind()).isNotEqualTo(StatementKind.UNKNOWN);
        assertThat(again.accesses()).isEqualTo(first.accesses());
        assertThat(again.functions()).isEqualTo(first.functions());
    }
}
