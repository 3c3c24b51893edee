package dev.airlock.core.port;

import dev.airlock.core.model.QueryResult;
import dev.airlock.core.model.SqlDialect;
import dev.airlock.core.model.SqlExecution;
import dev.airlock.core.model.TargetCredentials;

/** A database Airlock runs statements on. */
public interface SqlTarget {

    String name();

    default SqlDialect dialect() {
        return SqlDialect.POSTGRESQL;
    }

    /** The schema unqualified table names resolve to. */
    default String defaultSchema() {
        return dialect().defaultSchema();
    }

    /**
     * @throws StatementFailedException   when the database refuses the statement
     * @throws TargetUnavailableException when the database cannot be reached
     * @throws TargetBusyException        when the agent's share of the target's connections stays in use past the bounded wait
     */
    QueryResult execute(SqlExecution execution, TargetCredentials credentials)
            throws StatementFailedException, TargetUnavailableException, TargetBusyException;
}
