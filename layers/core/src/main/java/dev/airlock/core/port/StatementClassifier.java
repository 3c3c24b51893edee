package dev.airlock.core.port;

import dev.airlock.core.model.SqlClassification;
import dev.airlock.core.model.SqlDialect;

/** Parses SQL text and says what it does. */
public interface StatementClassifier {

    /**
     * Never throws for bad input: text that does not parse, parses ambiguously, or holds more
     * or less than one statement, comes back as {@link dev.airlock.core.model.StatementKind#UNKNOWN}
     * with a reason.
     *
     * @param defaultSchema the schema unqualified table names resolve to on the target
     */
    SqlClassification classify(String sql, SqlDialect dialect, String defaultSchema);
}
