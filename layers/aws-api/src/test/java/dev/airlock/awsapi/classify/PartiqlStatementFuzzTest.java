package dev.airlock.awsapi.classify;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.airlock.awsapi.classify.PartiqlClassification.Kind;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer fuzzes the PartiQL classifier: whatever the text, it returns a classification; a kind
 * other than UNKNOWN always names its table; and two statements joined by {@code ;} are never
 * read as one. The normal build replays {@code PartiqlStatementFuzzTestInputs/}.
 */
class PartiqlStatementFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void classify_neverThrowsAndAlwaysNamesTheTable(FuzzedDataProvider data) {
        String statement = data.consumeRemainingAsString();

        PartiqlClassification result = PartiqlStatement.classify(statement);

        assertThat(result).isNotNull();
        if (result.kind() != Kind.UNKNOWN) {
            assertThat(result.table()).isPresent();
        }
    }

    @FuzzTest(maxDuration = "60s")
    void classify_whenASecondStatementFollows_isUnknown(FuzzedDataProvider data) {
        String first = data.consumeString(200);
        String second = data.pickValue(new String[] {"DELETE FROM \"t1t\" WHERE a = 1", "SELECT * FROM \"t1t\"",
                "UPDATE \"t1t\" SET a = 1 WHERE b = 2"});
        if (first.contains("--") || first.contains("/*") || first.contains("'") || first.contains("\"")) {
            return;
        }

        PartiqlClassification result = PartiqlStatement.classify(first + ";" + second);

        assertThat(result.kind()).as(first).isEqualTo(Kind.UNKNOWN);
    }
}
