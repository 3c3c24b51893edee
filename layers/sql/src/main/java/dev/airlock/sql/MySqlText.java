package dev.airlock.sql;

/**
 * The MySQL text Airlock may send. MySQL reads backslashes in strings according to the
 * session's sql_mode, double quotes as strings or names according to ANSI_QUOTES, and runs
 * the inside of {@code /*! ... *}{@code /} comments: text holding any of these, or comments at all,
 * has more than one reading, so it is not run.
 */
final class MySqlText {
    private MySqlText() {
    }

    /** The text to run, or empty when it could be read more than one way. */
    static String executable(String sql) {
        if (sql.indexOf('\\') >= 0 || sql.indexOf('"') >= 0 || sql.contains("/*") || sql.contains("--")
                || sql.indexOf('#') >= 0 || sql.indexOf('\0') >= 0) {
            return "";
        }
        String text = sql.strip();
        while (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        return text.indexOf(';') >= 0 ? "" : text;
    }
}
