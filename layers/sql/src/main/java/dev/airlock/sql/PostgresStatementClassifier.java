package dev.airlock.sql;

import dev.airlock.core.model.SqlClassification;
import dev.airlock.core.port.StatementClassifier;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.statement.Statements;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Classifies PostgreSQL statements with JSqlParser. Text that does not parse, holds more than
 * one statement, or takes longer than the parse time bound is {@code UNKNOWN}: never allowed
 * unless a policy sends {@code sql:unknown} to approval.
 */
public final class PostgresStatementClassifier implements StatementClassifier {
    private static final System.Logger LOG = System.getLogger(PostgresStatementClassifier.class.getName());
    public static final Duration DEFAULT_PARSE_TIMEOUT = Duration.ofSeconds(2);

    private final Duration parseTimeout;
    private final ExecutorService parserThreads;

    public PostgresStatementClassifier() {
        this(DEFAULT_PARSE_TIMEOUT);
    }

    public PostgresStatementClassifier(Duration parseTimeout) {
        this.parseTimeout = parseTimeout;
        AtomicInteger counter = new AtomicInteger();
        // Platform threads: a runaway parse must not pin a carrier thread shared with request handling.
        this.parserThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "airlock-sql-parser-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public SqlClassification classify(String sql) {
        Statements statements;
        try {
            statements = CCJSqlParserUtil.parseStatements(sql, parserThreads,
                    parser -> parser.withTimeOut(parseTimeout.toMillis()));
        } catch (JSQLParserException e) {
            return SqlClassification.unknown(0, describe(e));
        } catch (RuntimeException | StackOverflowError e) {
            LOG.log(System.Logger.Level.WARNING, "SQL parser failed unexpectedly: " + e.getClass().getName());
            return SqlClassification.unknown(0, "it could not be parsed.");
        }
        if (statements == null || statements.isEmpty()) {
            return SqlClassification.unknown(0, "the text holds no statement.");
        }
        if (statements.size() > 1) {
            return SqlClassification.unknown(statements.size(), "the text holds " + statements.size()
                    + " statements; send exactly one per request.");
        }
        try {
            return new StatementAnalyzer().analyze(statements.get(0));
        } catch (RuntimeException e) {
            // An analysis gap must not become an allow: unknown is denied by default.
            LOG.log(System.Logger.Level.WARNING, "SQL analysis failed: " + e.getClass().getName());
            return SqlClassification.unknown(1, "Airlock could not work out which tables it touches.");
        }
    }

    /** Where parsing stopped, without echoing the text: the statement may hold personal data. */
    private String describe(JSQLParserException e) {
        Throwable cause = e;
        while (cause != null && !(cause instanceof ParseException)) {
            cause = cause.getCause();
        }
        if (cause instanceof ParseException parse && parse.currentToken != null) {
            Token at = parse.currentToken.next != null ? parse.currentToken.next : parse.currentToken;
            return "it is not valid PostgreSQL (syntax error at line " + at.beginLine + ", column "
                    + at.beginColumn + ").";
        }
        String message = String.valueOf(e.getMessage());
        if (message.toLowerCase(java.util.Locale.ROOT).contains("time out")) {
            return "parsing took longer than " + parseTimeout.toMillis() + " ms.";
        }
        return "it is not valid PostgreSQL.";
    }
}
