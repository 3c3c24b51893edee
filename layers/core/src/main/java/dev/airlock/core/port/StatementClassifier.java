package dev.airlock.core.port;

import dev.airlock.core.model.SqlClassification;

/** Parses SQL text and says what it does. */
public interface StatementClassifier {

    /**
     * Never throws for bad input: text that does not parse, or holds more or less than one
     * statement, comes back as {@link dev.airlock.core.model.StatementKind#UNKNOWN} with a reason.
     */
    SqlClassification classify(String sql);
}
