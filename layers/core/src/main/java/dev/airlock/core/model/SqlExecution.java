package dev.airlock.core.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One statement a target must run, as the pipeline decided it.
 *
 * @param requestId the request this execution belongs to
 * @param sql       the exact statement text the policy decided on
 * @param params    positional parameters
 * @param readOnly  whether to run it in a READ ONLY transaction, so the database refuses a
 *                  write the classifier missed
 * @param maxRows   the row cap for results
 * @param timeout   the statement timeout
 * @param agentId   the agent the statement runs for, so a target can share its connections fairly
 */
public record SqlExecution(String requestId, String sql, List<Object> params, boolean readOnly, int maxRows,
                           Duration timeout, String agentId) {
    /** An execution no agent is named for; targets share connections among these as one agent. */
    public static final String NO_AGENT = "";

    public SqlExecution(String requestId, String sql, List<Object> params, boolean readOnly, int maxRows,
                        Duration timeout) {
        this(requestId, sql, params, readOnly, maxRows, timeout, NO_AGENT);
    }

    public SqlExecution {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(sql, "sql");
        params = params == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(params));
        Objects.requireNonNull(timeout, "timeout");
    }
}
