package dev.airlock.sql;

import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.SqlDialect;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Functions that do more than compute a value: they change state, hold locks, wait, read the
 * server's files, reach other servers, or run SQL from a string. A statement that calls one is
 * no longer a plain read, whatever its shape. Each maps to the risk it adds.
 */
final class SideEffectFunctions {

    private static final Map<String, RiskClass> POSTGRESQL = Map.ofEntries(
            // change state
            Map.entry("nextval", RiskClass.WRITE),
            Map.entry("setval", RiskClass.WRITE),
            Map.entry("pg_advisory_lock", RiskClass.WRITE),
            Map.entry("pg_advisory_lock_shared", RiskClass.WRITE),
            Map.entry("pg_advisory_xact_lock", RiskClass.WRITE),
            Map.entry("pg_advisory_xact_lock_shared", RiskClass.WRITE),
            Map.entry("pg_try_advisory_lock", RiskClass.WRITE),
            Map.entry("pg_try_advisory_lock_shared", RiskClass.WRITE),
            Map.entry("pg_try_advisory_xact_lock", RiskClass.WRITE),
            Map.entry("pg_advisory_unlock", RiskClass.WRITE),
            Map.entry("pg_advisory_unlock_all", RiskClass.WRITE),
            Map.entry("pg_notify", RiskClass.WRITE),
            Map.entry("lo_create", RiskClass.WRITE),
            Map.entry("lo_creat", RiskClass.WRITE),
            Map.entry("lo_unlink", RiskClass.WRITE),
            Map.entry("lo_put", RiskClass.WRITE),
            Map.entry("lo_from_bytea", RiskClass.WRITE),
            Map.entry("lo_truncate", RiskClass.WRITE),
            Map.entry("pg_logical_emit_message", RiskClass.WRITE),
            // wait: tie up a connection, or probe data by timing
            Map.entry("pg_sleep", RiskClass.UNKNOWN),
            Map.entry("pg_sleep_for", RiskClass.UNKNOWN),
            Map.entry("pg_sleep_until", RiskClass.UNKNOWN),
            // the server's files, other servers, other sessions, settings, SQL in strings
            Map.entry("pg_read_file", RiskClass.PRIVILEGE),
            Map.entry("pg_read_binary_file", RiskClass.PRIVILEGE),
            Map.entry("pg_ls_dir", RiskClass.PRIVILEGE),
            Map.entry("pg_ls_logdir", RiskClass.PRIVILEGE),
            Map.entry("pg_ls_waldir", RiskClass.PRIVILEGE),
            Map.entry("pg_ls_tmpdir", RiskClass.PRIVILEGE),
            Map.entry("pg_stat_file", RiskClass.PRIVILEGE),
            Map.entry("pg_file_write", RiskClass.PRIVILEGE),
            Map.entry("pg_file_rename", RiskClass.PRIVILEGE),
            Map.entry("pg_file_unlink", RiskClass.PRIVILEGE),
            Map.entry("lo_import", RiskClass.PRIVILEGE),
            Map.entry("lo_export", RiskClass.PRIVILEGE),
            Map.entry("dblink", RiskClass.PRIVILEGE),
            Map.entry("dblink_exec", RiskClass.PRIVILEGE),
            Map.entry("dblink_connect", RiskClass.PRIVILEGE),
            Map.entry("dblink_connect_u", RiskClass.PRIVILEGE),
            Map.entry("dblink_send_query", RiskClass.PRIVILEGE),
            Map.entry("set_config", RiskClass.PRIVILEGE),
            Map.entry("pg_terminate_backend", RiskClass.PRIVILEGE),
            Map.entry("pg_cancel_backend", RiskClass.PRIVILEGE),
            Map.entry("pg_reload_conf", RiskClass.PRIVILEGE),
            Map.entry("pg_rotate_logfile", RiskClass.PRIVILEGE),
            Map.entry("pg_switch_wal", RiskClass.PRIVILEGE),
            Map.entry("pg_create_restore_point", RiskClass.PRIVILEGE),
            Map.entry("pg_promote", RiskClass.PRIVILEGE),
            Map.entry("pg_create_logical_replication_slot", RiskClass.PRIVILEGE),
            Map.entry("pg_create_physical_replication_slot", RiskClass.PRIVILEGE),
            Map.entry("pg_drop_replication_slot", RiskClass.PRIVILEGE),
            Map.entry("pg_replication_origin_create", RiskClass.PRIVILEGE),
            Map.entry("query_to_xml", RiskClass.PRIVILEGE),
            Map.entry("query_to_xml_and_xmlschema", RiskClass.PRIVILEGE),
            Map.entry("query_to_xmlschema", RiskClass.PRIVILEGE),
            Map.entry("table_to_xml", RiskClass.PRIVILEGE),
            Map.entry("table_to_xml_and_xmlschema", RiskClass.PRIVILEGE),
            Map.entry("cursor_to_xml", RiskClass.PRIVILEGE),
            Map.entry("schema_to_xml", RiskClass.PRIVILEGE),
            Map.entry("database_to_xml", RiskClass.PRIVILEGE));

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

    /** The risk a call adds, for a function name as written (any case, any schema prefix, quoted or not). */
    /** The risk a call adds, for a function name as {@link #baseName} gives it. */
    static Optional<RiskClass> riskOf(String baseName, SqlDialect dialect) {
        Map<String, RiskClass> catalog = dialect == SqlDialect.MYSQL ? MYSQL : POSTGRESQL;
        return Optional.ofNullable(catalog.get(baseName));
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
