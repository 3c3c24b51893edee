package dev.airlock.sql;

import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.SqlDialect;
import dev.airlock.embedded.DemoDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classifier against PostgreSQL itself: every corpus statement the classifier calls a
 * read is run in a READ ONLY transaction on a real PostgreSQL holding the demo schema. If
 * PostgreSQL refuses one as a write, the classifier let a write pass as a read.
 */
class ReadOnlyDifferentialTest {
    private static DemoDatabase database;

    @BeforeAll
    static void start() {
        database = DemoDatabase.start(null, "differential-test");
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    @Test
    void everyStatementClassifiedRead_runsInAReadOnlyTransaction() throws SQLException {
        SqlStatementClassifier classifier = new SqlStatementClassifier();
        List<Corpus.Case> reads = Corpus.load("postgresql.sql").cases().stream()
                .filter(c -> classifier.classify(c.sql(), SqlDialect.POSTGRESQL, "public").risk() == RiskClass.READ)
                .toList();
        List<String> refusedAsWrites = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        try (Connection connection = database.adminConnection()) {
            connection.setAutoCommit(false);
            for (Corpus.Case c : reads) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("begin transaction read only");
                    statement.execute("set local statement_timeout = '5s'");
                    statement.execute(classifier.classify(c.sql(), SqlDialect.POSTGRESQL, "public").executableSql());
                } catch (SQLException e) {
                    // 25006: read_only_sql_transaction, PostgreSQL refusing a write.
                    ("25006".equals(e.getSQLState()) ? refusedAsWrites : failed)
                            .add(c.title() + " -> " + e.getSQLState() + " " + e.getMessage().lines().findFirst().orElse(""));
                } finally {
                    connection.rollback();
                }
            }
        }
        System.out.printf("differential: %d corpus statements classified read ran in READ ONLY transactions%n",
                reads.size());
        assertThat(refusedAsWrites).as("statements classified read that PostgreSQL refused as writes").isEmpty();
        assertThat(failed).as("statements classified read that did not run").isEmpty();
        assertThat(reads).hasSizeGreaterThanOrEqualTo(250);
    }
}
