package dev.airlock.jdbc;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;

/**
 * How a JDBC target shares its connections and bounds what one request may hold.
 *
 * @param poolSize                 connections per database login
 * @param agentConcurrency         statements one agent may run on the target at once
 * @param agentPoolSharePercent    the most of a pool one agent may hold, in percent (at least one connection)
 * @param busyWait                 how long a request waits for its share or a connection before it is answered busy
 * @param maxResponseBytes         result bytes read before the rest is cut off and the result marked truncated
 * @param lockTimeout              how long a statement waits for a row or table lock
 * @param idleInTransactionTimeout how long PostgreSQL lets a transaction sit idle before ending the session
 */
public record JdbcTargetLimits(int poolSize, int agentConcurrency, int agentPoolSharePercent, Duration busyWait,
                               long maxResponseBytes, Duration lockTimeout, Duration idleInTransactionTimeout) {

    public static final JdbcTargetLimits DEFAULTS = new JdbcTargetLimits(8, 4, 50, Duration.ofSeconds(2),
            8L * 1024 * 1024, Duration.ofSeconds(5), Duration.ofSeconds(60));

    /** The setting names, as operators write them in configuration. */
    public static final String POOL_SIZE = "airlock.targets.pool-size";
    public static final String AGENT_CONCURRENCY = "airlock.targets.agent-concurrency";
    public static final String AGENT_POOL_SHARE = "airlock.targets.agent-pool-share-percent";
    public static final String BUSY_WAIT = "airlock.targets.busy-wait";
    public static final String MAX_RESPONSE_BYTES = "airlock.targets.max-response-bytes";
    public static final String LOCK_TIMEOUT = "airlock.targets.lock-timeout";
    public static final String IDLE_IN_TRANSACTION_TIMEOUT = "airlock.targets.idle-in-transaction-timeout";

    public JdbcTargetLimits {
        require(poolSize >= 1 && poolSize <= 200, POOL_SIZE, "between 1 and 200");
        require(agentConcurrency >= 1, AGENT_CONCURRENCY, "at least 1");
        require(agentPoolSharePercent >= 1 && agentPoolSharePercent <= 100, AGENT_POOL_SHARE, "between 1 and 100");
        require(busyWait != null && busyWait.toMillis() >= 250, BUSY_WAIT, "at least 250ms (for example 2s)");
        require(maxResponseBytes >= 1024, MAX_RESPONSE_BYTES, "at least 1024");
        require(lockTimeout != null && lockTimeout.toMillis() >= 1, LOCK_TIMEOUT, "at least 1ms (for example 5s)");
        require(idleInTransactionTimeout != null && idleInTransactionTimeout.toMillis() >= 1,
                IDLE_IN_TRANSACTION_TIMEOUT, "at least 1ms (for example 60s)");
    }

    /**
     * Reads the limits from settings by name, each falling back to its default.
     *
     * @throws IllegalArgumentException naming the setting to fix when one is malformed or out of range
     */
    public static JdbcTargetLimits from(Function<String, Optional<String>> setting) {
        JdbcTargetLimits d = DEFAULTS;
        return new JdbcTargetLimits(
                integer(setting, POOL_SIZE, d.poolSize),
                integer(setting, AGENT_CONCURRENCY, d.agentConcurrency),
                integer(setting, AGENT_POOL_SHARE, d.agentPoolSharePercent),
                duration(setting, BUSY_WAIT, d.busyWait),
                setting.apply(MAX_RESPONSE_BYTES).map(v -> parseLong(MAX_RESPONSE_BYTES, v)).orElse(d.maxResponseBytes),
                duration(setting, LOCK_TIMEOUT, d.lockTimeout),
                duration(setting, IDLE_IN_TRANSACTION_TIMEOUT, d.idleInTransactionTimeout));
    }

    /** Connections one agent may hold from one pool: its share, never less than one. */
    int agentConnections() {
        return Math.max(1, Math.min(agentConcurrency, poolSize * agentPoolSharePercent / 100));
    }

    private static int integer(Function<String, Optional<String>> setting, String name, int fallback) {
        return setting.apply(name).map(v -> (int) parseLong(name, v)).orElse(fallback);
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(named(name) + " is '" + value + "': set it to a whole number.");
        }
    }

    private static Duration duration(Function<String, Optional<String>> setting, String name, Duration fallback) {
        return setting.apply(name).map(v -> parseDuration(name, v)).orElse(fallback);
    }

    /** Accepts 2s, 500ms, 1m or ISO-8601 (PT2S). */
    private static Duration parseDuration(String name, String value) {
        String v = value.strip();
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            if (v.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return Duration.parse(v);
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException(named(name) + " is '" + value
                    + "': set it to a duration such as 2s or 500ms.");
        }
    }

    private static void require(boolean ok, String name, String what) {
        if (!ok) {
            throw new IllegalArgumentException(named(name) + " must be " + what + ".");
        }
    }

    /** The setting and the environment variable that sets it. */
    private static String named(String name) {
        return name + " (environment " + name.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_') + ")";
    }
}
