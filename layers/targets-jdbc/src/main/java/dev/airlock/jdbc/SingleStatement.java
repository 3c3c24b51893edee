package dev.airlock.jdbc;

import org.postgresql.core.NativeQuery;
import org.postgresql.core.Parser;

import java.sql.SQLException;
import java.util.List;

/**
 * Refuses, before the driver sees it, any text the driver itself would send as more than one
 * statement. pgjdbc splits on semicolons with its own lexer; asking that very lexer (under both
 * string-literal rules, since a session's standard_conforming_strings decides how it reads
 * backslashes) means no reading of the text smuggles a second statement past the classifier.
 */
final class SingleStatement {
    private SingleStatement() {
    }

    /** Whether pgjdbc reads the text as at most one statement under either backslash rule. */
    static boolean isSingle(String sql) {
        return count(sql, true) <= 1 && count(sql, false) <= 1;
    }

    private static int count(String sql, boolean standardConformingStrings) {
        try {
            List<NativeQuery> queries = Parser.parseJdbcSql(sql, standardConformingStrings, true, true, false, false);
            return queries.size();
        } catch (SQLException | RuntimeException unreadable) {
            // Text the driver's lexer cannot read is not run.
            return Integer.MAX_VALUE;
        }
    }
}
