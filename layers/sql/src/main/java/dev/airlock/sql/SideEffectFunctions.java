package dev.airlock.sql;

import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.SqlDialect;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * MySQL functions that do more than compute a value: they hold locks, wait, or read the
 * server's files. A statement that calls one is no longer a plain read, whatever its shape.
 * Each maps to the risk it adds. PostgreSQL uses an allow-list instead: {@link FunctionCatalog}.
 */
final class SideEffectFunctions {

    private static final Map<String, RiskClass> MYSQL = Map.ofEntries(
            Map.entry("get_lock", RiskClass.WRITE),
            Map.entry("release_lock", RiskClass.WRITE),
            Map.entry("release_all_locks", RiskClass.WRITE),
            Map.entry("sleep", RiskClass.UNKNOWN),
            Map.entry("benchmark", RiskClass.UNKNOWN),
            Map.entry("master_pos_wait", RiskClass.UNKNOWN),
            Map.entry("source_pos_wait", RiskClass.UNKNOWN),
            Map.entry("load_file", RiskClass.PRIVILEGE),
            Map.entry("sys_exec", RiskClass.PRIVILEGE),
            Map.entry("sys_eval", RiskClass.PRIVILEGE));

    private SideEffectFunctions() {
    }

    /** The risk a call adds, for a MySQL function name as {@link #baseName} gives it. */
    static Optional<RiskClass> riskOf(String baseName, SqlDialect dialect) {
        return dialect == SqlDialect.MYSQL ? Optional.ofNullable(MYSQL.get(baseName)) : Optional.empty();
    }

    /**
     * The name the database resolves, without schema: {@code pg_catalog.PG_SLEEP} is
     * {@code pg_sleep}. A double-quoted PostgreSQL name keeps its case (no built-in has
     * capitals); MySQL function names ignore case even in backticks.
     */
    static String baseName(String functionName, SqlDialect dialect) {
        List<String> parts = TableNames.split(functionName);
        String name = parts.get(parts.size() - 1);
        boolean quoted = name.length() >= 2 && (name.startsWith("\"") || name.startsWith("`"));
        if (quoted) {
            name = name.substring(1, name.length() - 1);
            return dialect == SqlDialect.MYSQL ? name.toLowerCase(Locale.ROOT) : name;
        }
        return name.toLowerCase(Locale.ROOT);
    }
}
