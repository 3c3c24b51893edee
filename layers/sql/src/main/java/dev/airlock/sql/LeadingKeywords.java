package dev.airlock.sql;

import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.StatementKind;
import net.sf.jsqlparser.statement.Statement;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the first words of a statement say it is, as the database reads them. Used two ways:
 * to check that the parser understood the same kind of statement (if not, the text is
 * ambiguous), and to explain the statements Airlock does not parse.
 */
final class LeadingKeywords {
    private static final Set<String> QUERY = Set.of("SELECT", "WITH", "VALUES", "TABLE", "(");

    private static final Map<String, Set<String>> EXPECTED = Map.ofEntries(
            Map.entry("PlainSelect", QUERY),
            Map.entry("SetOperationList", QUERY),
            Map.entry("ParenthesedSelect", QUERY),
            Map.entry("Values", QUERY),
            Map.entry("TableStatement", QUERY),
            Map.entry("LateralSubSelect", QUERY),
            Map.entry("Insert", Set.of("INSERT", "WITH")),
            Map.entry("Upsert", Set.of("REPLACE", "UPSERT", "INSERT")),
            Map.entry("Update", Set.of("UPDATE", "WITH")),
            Map.entry("Delete", Set.of("DELETE", "WITH")),
            Map.entry("Merge", Set.of("MERGE", "WITH")),
            Map.entry("Truncate", Set.of("TRUNCATE")),
            Map.entry("Drop", Set.of("DROP")),
            Map.entry("CreateTable", Set.of("CREATE")),
            Map.entry("CreateIndex", Set.of("CREATE")),
            Map.entry("CreateView", Set.of("CREATE")),
            Map.entry("CreateSchema", Set.of("CREATE")),
            Map.entry("CreateSequence", Set.of("CREATE")),
            Map.entry("CreateFunction", Set.of("CREATE")),
            Map.entry("CreateProcedure", Set.of("CREATE")),
            Map.entry("CreateRole", Set.of("CREATE")),
            Map.entry("Alter", Set.of("ALTER")),
            Map.entry("AlterView", Set.of("ALTER")),
            Map.entry("AlterSequence", Set.of("ALTER")),
            Map.entry("AlterRole", Set.of("ALTER")),
            Map.entry("AlterDefaultPrivileges", Set.of("ALTER")),
            Map.entry("RenameTableStatement", Set.of("RENAME", "ALTER")),
            Map.entry("Comment", Set.of("COMMENT")),
            Map.entry("Grant", Set.of("GRANT")),
            Map.entry("Revoke", Set.of("REVOKE")),
            Map.entry("SetStatement", Set.of("SET")),
            Map.entry("ResetStatement", Set.of("RESET")),
            Map.entry("ExplainStatement", Set.of("EXPLAIN", "DESCRIBE", "DESC")),
            Map.entry("DescribeStatement", Set.of("DESCRIBE", "DESC")),
            Map.entry("ShowStatement", Set.of("SHOW")),
            Map.entry("ShowColumnsStatement", Set.of("SHOW")),
            Map.entry("ShowTablesStatement", Set.of("SHOW")),
            Map.entry("Execute", Set.of("CALL", "EXEC", "EXECUTE")));

    /** Statements Airlock never parses, and why; the answer an agent gets is more useful than a syntax error. */
    private static final Map<String, String> NOT_RUN = Map.ofEntries(
            Map.entry("COPY", "COPY moves data in bulk to or from files and clients"),
            Map.entry("DO", "DO runs an anonymous code block Airlock cannot see into"),
            Map.entry("VACUUM", "VACUUM is maintenance"),
            Map.entry("ANALYZE", "ANALYZE is maintenance"),
            Map.entry("CLUSTER", "CLUSTER is maintenance"),
            Map.entry("REINDEX", "REINDEX is maintenance"),
            Map.entry("CHECKPOINT", "CHECKPOINT is maintenance"),
            Map.entry("LOCK", "LOCK takes table locks"),
            Map.entry("PREPARE", "PREPARE stores a statement for later"),
            Map.entry("EXECUTE", "EXECUTE runs a prepared statement Airlock cannot see"),
            Map.entry("DEALLOCATE", "DEALLOCATE manages prepared statements"),
            Map.entry("LISTEN", "LISTEN subscribes the session to notifications"),
            Map.entry("UNLISTEN", "UNLISTEN manages notifications"),
            Map.entry("NOTIFY", "NOTIFY sends notifications"),
            Map.entry("DISCARD", "DISCARD resets session state"),
            Map.entry("BEGIN", "each request runs in its own transaction"),
            Map.entry("START", "each request runs in its own transaction"),
            Map.entry("COMMIT", "each request runs in its own transaction"),
            Map.entry("END", "each request runs in its own transaction"),
            Map.entry("ROLLBACK", "each request runs in its own transaction"),
            Map.entry("ABORT", "each request runs in its own transaction"),
            Map.entry("SAVEPOINT", "each request runs in its own transaction"),
            Map.entry("RELEASE", "each request runs in its own transaction"),
            Map.entry("LOAD", "LOAD loads code or files into the server"),
            Map.entry("REFRESH", "REFRESH MATERIALIZED VIEW rewrites stored data"),
            Map.entry("SECURITY", "SECURITY LABEL changes security metadata"),
            Map.entry("IMPORT", "IMPORT FOREIGN SCHEMA reaches other servers"),
            Map.entry("DECLARE", "cursors outlive a single request"),
            Map.entry("FETCH", "cursors outlive a single request"),
            Map.entry("MOVE", "cursors outlive a single request"),
            Map.entry("CLOSE", "cursors outlive a single request"),
            Map.entry("HANDLER", "HANDLER reads tables below the SQL layer"));

    private static final List<String> PRIVILEGE_PREFIXES = List.of("GRANT", "REVOKE", "CREATE ROLE", "CREATE USER",
            "CREATE GROUP", "ALTER ROLE", "ALTER USER", "ALTER GROUP", "DROP ROLE", "DROP USER", "DROP GROUP",
            "REASSIGN OWNED", "ALTER DEFAULT PRIVILEGES", "SET ROLE", "SET LOCAL ROLE", "SET SESSION ROLE",
            "RESET ROLE", "SET SESSION AUTHORIZATION", "SET LOCAL SESSION AUTHORIZATION", "RESET SESSION AUTHORIZATION",
            "RENAME USER", "SET PASSWORD", "ALTER POLICY", "CREATE POLICY", "DROP POLICY");

    private LeadingKeywords() {
    }

    /** Whether the parser's statement type matches how the statement starts; unknown types never match. */
    static boolean agree(Statement parsed, SqlLexer.LexedStatement lexed) {
        Set<String> expected = EXPECTED.get(parsed.getClass().getSimpleName());
        return expected != null && expected.contains(lexed.firstWord());
    }

    static boolean known(Statement parsed) {
        return EXPECTED.containsKey(parsed.getClass().getSimpleName());
    }

    /** Why a statement that starts this way is not run, if Airlock never runs such statements. */
    static Optional<String> notRun(SqlLexer.LexedStatement lexed) {
        return Optional.ofNullable(NOT_RUN.get(lexed.firstWord()))
                .map(why -> "Airlock does not run " + lexed.firstWord() + ": " + why + ".");
    }

    /** Whether the statement changes roles or privileges, read from its first words. */
    static boolean grantsOrChangesPrivileges(SqlLexer.LexedStatement lexed) {
        String start = lexed.leadingWords(4);
        return PRIVILEGE_PREFIXES.stream().anyMatch(p -> start.equals(p) || start.startsWith(p + " "));
    }

    /**
     * How a statement the parser could not take apart is classified from its first words, for
     * the kinds that never read rows: privilege changes, schema changes, TRUNCATE, SHOW. Reads
     * and row changes need their tables, so they stay unknown.
     */
    static Optional<Shape> fallback(SqlLexer.LexedStatement lexed) {
        if (lexed.words().size() < 2) {
            return Optional.empty();
        }
        if (grantsOrChangesPrivileges(lexed)) {
            return Optional.of(new Shape(StatementKind.PRIVILEGE, RiskClass.PRIVILEGE));
        }
        return Optional.ofNullable(switch (lexed.firstWord()) {
            case "DROP" -> new Shape(StatementKind.DDL, RiskClass.DESTRUCTIVE);
            case "TRUNCATE" -> new Shape(StatementKind.TRUNCATE, RiskClass.DESTRUCTIVE);
            case "CREATE", "ALTER", "COMMENT", "RENAME" -> new Shape(StatementKind.DDL, RiskClass.DDL);
            case "SHOW" -> new Shape(StatementKind.SELECT, RiskClass.READ);
            default -> null;
        });
    }
}
