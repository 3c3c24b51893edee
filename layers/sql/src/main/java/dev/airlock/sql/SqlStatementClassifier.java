package dev.airlock.sql;

import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.SqlClassification;
import dev.airlock.core.model.SqlDialect;
import dev.airlock.core.model.StatementKind;
import dev.airlock.core.model.TableAccess;
import dev.airlock.core.model.TableRef;
import dev.airlock.core.port.StatementClassifier;
import dev.airlock.sql.lineage.LineageAnalyzer;
import dev.airlock.sql.lineage.LineageFacts;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.parser.TokenMgrException;
import net.sf.jsqlparser.statement.ResetStatement;
import net.sf.jsqlparser.statement.SetStatement;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.UnsupportedStatement;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.Comparator;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Classifies SQL with JSqlParser, cross-checked by a lexer that reads the text the way the
 * database does. Text that does not parse, holds more or less than one statement, reads
 * differently to the parser and to the database, or takes longer than the parse time bound
 * is {@code UNKNOWN}: never allowed unless a policy sends {@code sql:unknown} to approval.
 */
public final class SqlStatementClassifier implements StatementClassifier {
    private static final System.Logger LOG = System.getLogger(SqlStatementClassifier.class.getName());
    public static final Duration DEFAULT_PARSE_TIMEOUT = Duration.ofSeconds(2);
    private static final String TIMED_OUT = "airlock: parse deadline passed";

    /** Stops parses that overrun; one daemon thread serves every classifier. */
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    private final Duration parseTimeout;

    public SqlStatementClassifier() {
        this(DEFAULT_PARSE_TIMEOUT);
    }

    public SqlStatementClassifier(Duration parseTimeout) {
        this.parseTimeout = parseTimeout;
    }

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor watchdog = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "airlock-sql-parse-watchdog");
            t.setDaemon(true);
            return t;
        });
        watchdog.setRemoveOnCancelPolicy(true);
        return watchdog;
    }

    /**
     * Parses on the calling thread (handing each parse to another thread costs more than the
     * parse) and bounds its time: past the deadline the watchdog raises the parser's own
     * interrupt flag, and the parse fails.
     */
    private Statements parse(String sql, SqlDialect dialect) throws ParseException {
        CCJSqlParser parser = CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(true);
        configure(parser, dialect);
        ScheduledFuture<?> deadline = WATCHDOG.schedule(() -> parser.interrupted = true,
                parseTimeout.toNanos(), TimeUnit.NANOSECONDS);
        try {
            Statements statements = parser.Statements();
            if (parser.interrupted) {
                throw new ParseException(TIMED_OUT);
            }
            return statements;
        } catch (ParseException e) {
            // An interrupted parser fails wherever it stands; say why it stopped.
            throw parser.interrupted ? new ParseException(TIMED_OUT) : e;
        } catch (TokenMgrException e) {
            if (parser.interrupted) {
                throw new ParseException(TIMED_OUT);
            }
            throw e;
        } finally {
            deadline.cancel(false);
        }
    }

    @Override
    public SqlClassification classify(String sql, SqlDialect dialect, String defaultSchema) {
        try {
            return classifyOrThrow(sql == null ? "" : sql, dialect, defaultSchema);
        } catch (RuntimeException | StackOverflowError e) {
            // An analysis gap must not become an allow: unknown is denied by default.
            LOG.log(System.Logger.Level.WARNING, "SQL classification failed: " + e.getClass().getName() + " at " + (e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?"));
            return SqlClassification.unknown(1, "Airlock could not work out what it does.");
        }
    }

    private SqlClassification classifyOrThrow(String sql, SqlDialect dialect, String defaultSchema) {
        if (dialect == SqlDialect.POSTGRESQL) {
            return classifyPostgres(sql, defaultSchema);
        }
        SqlLexer.Lexed lexed = new SqlLexer(dialect).lex(sql);
        if (lexed.failed()) {
            return SqlClassification.unknown(lexed.statements().size(), "it cannot be read: " + lexed.error() + ".");
        }
        int count = lexed.statements().size();
        if (count == 0) {
            return SqlClassification.unknown(0, "the text holds no statement.");
        }
        if (count > 1) {
            return SqlClassification.unknown(count, "the text holds " + count
                    + " statements; send exactly one per request.");
        }
        SqlClassification classification = classifyParsed(sql, lexed.statements().get(0), dialect, defaultSchema,
                List.of());
        return classification.withExecutableSql(classification.executable() ? MySqlText.executable(sql) : "");
    }

    /**
     * PostgreSQL text is read once, by Airlock's own lexer, and written back as one canonical
     * text; that text is what the parser classifies and what the database runs.
     */
    private SqlClassification classifyPostgres(String sql, String defaultSchema) {
        OneReading.Result reading = OneReading.of(sql);
        if (reading.failed()) {
            return SqlClassification.unknown(reading.statementCount(), reading.error());
        }
        return classifyParsed(reading.canonical(), reading.leadingWords(), SqlDialect.POSTGRESQL, defaultSchema,
                reading.tokens());
    }

    private SqlClassification classifyParsed(String sql, SqlLexer.LexedStatement lexedStatement, SqlDialect dialect,
                                             String defaultSchema, List<PostgresLexer.Token> tokens) {
        Statements parsed;
        try {
            parsed = parse(sql, dialect);
        } catch (ParseException | TokenMgrException e) {
            return fromFirstWords(lexedStatement, LeadingKeywords.notRun(lexedStatement)
                    .orElseGet(() -> describe(e, dialect)));
        }
        if (parsed == null || parsed.size() != 1) {
            return SqlClassification.unknown(1, "the parser reads " + (parsed == null ? 0 : parsed.size())
                    + " statements where the database reads one; ambiguous text is not run.");
        }
        Statement statement = parsed.get(0);
        if (statement instanceof UnsupportedStatement) {
            return fromFirstWords(lexedStatement, LeadingKeywords.notRun(lexedStatement)
                    .orElse("Airlock cannot take this " + lexedStatement.firstWord() + " statement apart."));
        }
        if (LeadingKeywords.known(statement) && !LeadingKeywords.agree(statement, lexedStatement)) {
            return SqlClassification.unknown(1, "the parser reads a different statement than the database would "
                    + "(it starts with " + lexedStatement.firstWord() + "); ambiguous text is not run.");
        }
        if ((statement instanceof SetStatement || statement instanceof ResetStatement)
                && LeadingKeywords.grantsOrChangesPrivileges(lexedStatement)) {
            return SqlClassification.builder(StatementKind.PRIVILEGE, RiskClass.PRIVILEGE).build();
        }
        return classify(sql, statement, lexedStatement, dialect, defaultSchema, tokens);
    }

    /**
     * For a statement the parser cannot take apart: its first words may still say it is a
     * privilege change, a schema change or a SHOW; anything else is unknown.
     */
    private static SqlClassification fromFirstWords(SqlLexer.LexedStatement lexed, String unknownReason) {
        return LeadingKeywords.fallback(lexed)
                .map(shape -> SqlClassification.builder(shape.kind, shape.risk).build())
                .orElseGet(() -> SqlClassification.unknown(1, unknownReason));
    }

    private static void configure(CCJSqlParser parser, SqlDialect dialect) {
        if (dialect == SqlDialect.MYSQL) {
            parser.withBackslashEscapeCharacter(true).withHashLineComments(true);
        }
    }

    private SqlClassification classify(String sql, Statement statement, SqlLexer.LexedStatement lexed,
                                       SqlDialect dialect, String defaultSchema, List<PostgresLexer.Token> tokens) {
        StatementFacts facts = new StatementFacts(dialect, defaultSchema);
        Shape shape = new StatementAnalyzer(facts).shape(statement);
        if (shape.unknownReason != null) {
            return fromFirstWords(lexed, shape.unknownReason);
        }
        List<TableRef> tables = List.of();
        if (shape.readsRows) {
            try {
                tables = facts.tables(statement);
            } catch (UnsupportedOperationException notWalkable) {
                // Anything that reads or writes rows must be walked, or its tables go unchecked.
                if (shape.kind != StatementKind.DDL) {
                    return SqlClassification.unknown(1, "Airlock could not work out which tables it touches.");
                }
            }
        }
        if (facts.locksRows() && shape.executes) {
            // Row locks change what other sessions can do, and a READ ONLY transaction refuses them.
            shape.locksRows = true;
            shape.risk = RiskOrder.worse(shape.risk, RiskClass.WRITE);
        }
        Calls calls = dialect == SqlDialect.POSTGRESQL
                ? Calls.postgres(facts.writtenFunctions(), tokens, statement)
                : Calls.mysql(facts.functions(), statement);
        RiskClass risk = shape.risk;
        List<String> sideEffects = new ArrayList<>();
        if (shape.executes) {
            if (calls.unknown().isPresent()) {
                return SqlClassification.unknown(1, "it calls " + calls.unknown().get() + ", which is not on Airlock's "
                        + "list of known functions (pure or restricted), so Airlock cannot tell what it does.");
            }
            for (Map.Entry<String, RiskClass> restricted : calls.restricted().entrySet()) {
                sideEffects.add(restricted.getKey());
                risk = RiskOrder.worse(risk, restricted.getValue());
            }
        }
        if (shape.kind == StatementKind.CALL) {
            sideEffects.addAll(calls.names().stream().filter(f -> !sideEffects.contains(f)).toList());
        }
        LineageFacts lineage = dialect == SqlDialect.POSTGRESQL
                ? LineageAnalyzer.analyze(statement, defaultSchema) : LineageFacts.UNKNOWN;
        return SqlClassification.builder(shape.kind, risk)
                .accesses(accesses(shape, tables))
                .hasWhere(everyChangeIsRestricted(shape))
                .columnsRead(columnsRead(facts, lineage))
                .columnsFiltered(columnsFiltered(facts, lineage))
                .lineage(lineage.lineage())
                .columnsWritten(shape.columnsWritten.stream().distinct().sorted().toList())
                .functions(calls.names())
                .sideEffectFunctions(sideEffects.stream().distinct().toList())
                .foldingAggregates(calls.names().stream().filter(FunctionCatalog::folds).toList())
                .rowLimit(shape.rowLimit)
                .locksRows(shape.locksRows)
                .executableSql(sql)
                .build();
    }

    /** Every column read, and a whole row read inside an expression ({@code to_json(c)}) as {@code schema.table.*}. */
    private static List<String> columnsRead(StatementFacts facts, LineageFacts lineage) {
        Set<String> columns = new TreeSet<>(facts.columnsRead());
        lineage.wholeRowTables().forEach(table -> columns.add(table.qualifiedName() + ".*"));
        return List.copyOf(columns);
    }

    /**
     * The columns that decide which rows come back. When the lineage reading failed, every
     * column read counts as one: a filter policy cannot see must not pass as no filter.
     */
    private static List<String> columnsFiltered(StatementFacts facts, LineageFacts lineage) {
        if (!lineage.lineage().known()) {
            return facts.columnsRead();
        }
        return lineage.columnsFiltered();
    }

    /** True when the statement updates or deletes, and every UPDATE and DELETE in it has a WHERE. */
    private static boolean everyChangeIsRestricted(Shape shape) {
        List<Shape.Write> changes = shape.writes.stream()
                .filter(w -> w.kind() == StatementKind.UPDATE || w.kind() == StatementKind.DELETE).toList();
        return !changes.isEmpty() && changes.stream().allMatch(Shape.Write::restricted);
    }

    /**
     * Each table with every way the statement changes it (an upsert both inserts and updates),
     * or as read when it only reads it: policy must permit each of them.
     */
    private static List<TableAccess> accesses(Shape shape, List<TableRef> tables) {
        Map<TableRef, Set<StatementKind>> byTable = new LinkedHashMap<>();
        for (Shape.Write write : shape.writes) {
            byTable.computeIfAbsent(write.table(), t -> new TreeSet<>()).add(write.kind());
        }
        for (TableRef table : tables) {
            byTable.computeIfAbsent(table, t -> new TreeSet<>(Set.of(StatementKind.SELECT)));
        }
        List<TableAccess> out = new ArrayList<>();
        byTable.forEach((table, kinds) -> kinds.stream()
                .sorted(Comparator.comparingInt(Shape::rank).reversed())
                .forEach(kind -> out.add(new TableAccess(table, kind))));
        return out;
    }

    /** Where parsing stopped, without echoing the text: the statement may hold personal data. */
    private String describe(Exception e, SqlDialect dialect) {
        String language = dialect == SqlDialect.MYSQL ? "MySQL" : "PostgreSQL";
        if (TIMED_OUT.equals(e.getMessage()) || String.valueOf(e.getMessage()).contains("Interrupted")) {
            return "parsing took longer than " + parseTimeout.toMillis() + " ms.";
        }
        if (e instanceof ParseException parse && parse.currentToken != null) {
            Token at = parse.currentToken.next != null ? parse.currentToken.next : parse.currentToken;
            return "it is not valid " + language + " (syntax error at line " + at.beginLine + ", column "
                    + at.beginColumn + ").";
        }
        return "it is not valid " + language + ".";
    }
}
