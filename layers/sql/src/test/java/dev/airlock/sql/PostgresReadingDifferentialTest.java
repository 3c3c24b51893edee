package dev.airlock.sql;

import dev.airlock.core.model.SqlClassification;
import dev.airlock.core.model.SqlDialect;
import dev.airlock.core.model.StatementKind;
import dev.airlock.core.model.TableAccess;
import dev.airlock.embedded.DemoDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.core.NativeQuery;
import org.postgresql.core.Parser;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13: Airlock's reading of the text it runs against PostgreSQL's and pgjdbc's. For every
 * corpus and red-team statement Airlock would let a policy allow (and respelled variants of
 * each), the executable text must be one statement to pgjdbc's own parser with
 * standard_conforming_strings on and off, PostgreSQL must plan it identically under both
 * settings, every relation and function in PostgreSQL's plan must be one Airlock reported (or
 * a pure built-in), and every write PostgreSQL plans must be among Airlock's accesses.
 */
class PostgresReadingDifferentialTest {
    private static final Pattern RELATION = Pattern.compile(
            "\"Relation Name\": \"([^\"]*)\",\\s*\"Schema\": \"([^\"]*)\"");
    private static final Pattern CALL = Pattern.compile("(?<![A-Za-z0-9_$.\"])([A-Za-z_][A-Za-z0-9_$]*)\\(");
    private static final Pattern FUNCTION_SCAN = Pattern.compile("\"Function Name\": \"([^\"]*)\"");
    private static final Pattern OPERATION = Pattern.compile("\"Operation\": \"([A-Za-z]*)\"");
    private static final Pattern CONFLICT = Pattern.compile("\"Conflict Resolution\": \"([A-Z]*)\"");
    /** SQL forms PostgreSQL's deparser writes like calls, which are not functions. */
    private static final Set<String> NOT_FUNCTIONS = Set.of("any", "all", "array", "row", "case", "exists",
            "coalesce", "greatest", "least", "nullif", "values", "subplan", "initplan", "cast", "xmlelement",
            "xmlforest", "xmlparse", "xmlserialize", "xmlpi", "xmlroot", "xmlexists", "json_object", "json_array",
            "json_objectagg", "json_arrayagg", "json_scalar", "json_serialize", "json", "normalize", "over",
            "filter", "is_normalized", "collation", "system_user", "merge_action", "grouping", "rollup", "cube",
            "json_value", "json_query", "json_exists", "json_table", "is", "not", "and", "or", "in", "on",
            "using", "hashed", "cte", "by", "as", "exists_1", "bit", "varbit", "character", "varying");
    private static final Pattern SQL_LITERAL = Pattern.compile("'[^']*+(?:''[^']*+)*+'");
    private static DemoDatabase database;
    private static Set<String> pureFunctions;
    private static Set<String> restrictedFunctions;

    @BeforeAll
    static void start() throws IOException {
        database = DemoDatabase.start(null, "reading-differential-test");
        pureFunctions = words("pure-functions.txt", false);
        restrictedFunctions = words("restricted-functions.txt", true);
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    private static Set<String> words(String resource, boolean firstOnly) throws IOException {
        try (InputStream in = FunctionCatalog.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty())
                    .flatMap(l -> firstOnly ? Stream.of(l.split("\\s+")[0]) : Stream.of(l.split("\\s+")))
                    .collect(Collectors.toSet());
        }
    }

    @Test
    void executableText_readsTheSameToAirlockPgjdbcAndPostgres() throws SQLException {
        SqlStatementClassifier classifier = new SqlStatementClassifier();
        Random random = new Random(13);
        Map<String, SqlClassification> allowed = new LinkedHashMap<>();
        List<String> disagreements = new ArrayList<>();
        List<Corpus.Case> cases = Stream.concat(Corpus.load("postgresql.sql").cases().stream(),
                Corpus.load("red-team.sql").cases().stream()).toList();
        for (Corpus.Case c : cases) {
            SqlClassification classification = classifier.classify(c.sql(), SqlDialect.POSTGRESQL, "public");
            if (classification.kind() == StatementKind.UNKNOWN || !classification.executable()) {
                continue;
            }
            allowed.putIfAbsent(classification.executableSql(), classification);
            // Variants of the same tokens must run as the very same text.
            OneReading.Result reading = OneReading.of(c.sql());
            for (int k = 0; k < 3; k++) {
                String variant = OneReadingTest.respell(reading.tokens(), random);
                String runs = classifier.classify(variant, SqlDialect.POSTGRESQL, "public").executableSql();
                if (!runs.equals(classification.executableSql())) {
                    disagreements.add(c.title() + ": variant runs [" + runs + "]");
                }
            }
        }
        int planned = 0;
        List<String> notPlanned = new ArrayList<>();
        try (Connection connection = database.adminConnection()) {
            connection.setAutoCommit(false);
            for (Map.Entry<String, SqlClassification> entry : allowed.entrySet()) {
                String sql = entry.getKey();
                SqlClassification airlock = entry.getValue();
                checkPgjdbc(sql, disagreements);
                if (!explainable(airlock) || sql.contains("?") || sql.matches("(?s).*\\$[0-9].*")) {
                    continue;
                }
                String planOn;
                String planOff;
                try {
                    planOn = explain(connection, sql, "on");
                    planOff = explain(connection, sql, "off");
                } catch (SQLException e) {
                    notPlanned.add(sql + " -> " + e.getSQLState());
                    continue;
                }
                planned++;
                if (!planOn.equals(offAsOn(planOff))) {
                    disagreements.add(sql + ": PostgreSQL plans it differently with standard_conforming_strings off");
                }
                compare(sql, airlock, planOn, disagreements);
            }
        }
        System.out.printf("reading differential: %d executable texts, %d planned by PostgreSQL, %d not plannable%n",
                allowed.size(), planned, notPlanned.size());
        assertThat(disagreements).as("Airlock and PostgreSQL/pgjdbc read these differently").isEmpty();
        assertThat(planned).isGreaterThan(300);
    }

    /**
     * With standard_conforming_strings off PostgreSQL deparses a literal holding a backslash as
     * E'..\\..' where it writes '..\..' with the setting on: the same value, spelled for the setting.
     */
    private static String offAsOn(String plan) {
        return plan.replaceAll("(?<![A-Za-z0-9_])E'", "'").replace("\\\\", "\\");
    }

    private static void checkPgjdbc(String sql, List<String> disagreements) {
        try {
            List<NativeQuery> on = Parser.parseJdbcSql(sql, true, true, true, false, false);
            List<NativeQuery> off = Parser.parseJdbcSql(sql, false, true, true, false, false);
            if (on.size() != 1 || off.size() != 1) {
                disagreements.add(sql + ": pgjdbc reads " + on.size() + " / " + off.size() + " statements");
            } else if (!on.get(0).nativeSql.equals(off.get(0).nativeSql)) {
                disagreements.add(sql + ": pgjdbc reads it differently with standard_conforming_strings off");
            }
        } catch (SQLException e) {
            disagreements.add(sql + ": pgjdbc cannot parse it: " + e.getSQLState());
        }
    }

    private static boolean explainable(SqlClassification c) {
        return switch (c.kind()) {
            case SELECT, INSERT, UPDATE, DELETE, MERGE -> true;
            default -> false;
        };
    }

    private static String explain(Connection connection, String sql, String standardConformingStrings)
            throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("set local statement_timeout = '5s'");
            statement.execute("set local standard_conforming_strings = " + standardConformingStrings);
            try (ResultSet rs = statement.executeQuery("explain (verbose, costs off, format json) " + sql)) {
                rs.next();
                return rs.getString(1);
            }
        } finally {
            connection.rollback();
        }
    }

    private void compare(String sql, SqlClassification airlock, String plan, List<String> disagreements) {
        Set<String> tables = new HashSet<>();
        Set<String> writes = new HashSet<>();
        for (TableAccess access : airlock.accesses()) {
            tables.add(access.table().qualifiedName());
            if (access.kind() != StatementKind.SELECT) {
                writes.add(access.kind().name().toLowerCase(Locale.ROOT));
            }
        }
        boolean readsCatalogs = tables.stream().anyMatch(t -> t.startsWith("pg_catalog.")
                || t.startsWith("information_schema."));
        Matcher relation = RELATION.matcher(plan);
        while (relation.find()) {
            String table = relation.group(2) + "." + relation.group(1);
            boolean catalog = relation.group(2).equals("pg_catalog") || relation.group(2).equals("information_schema");
            if (!tables.contains(table) && !(catalog && readsCatalogs)) {
                disagreements.add(sql + ": PostgreSQL reads " + table + ", Airlock reports " + tables);
            }
        }
        Set<String> called = new HashSet<>();
        // Calls inside string literals are data, not calls; the catalogs' own views call their helpers.
        Matcher call = CALL.matcher(SQL_LITERAL.matcher(plan.replace("\\\"", "\"")).replaceAll("''"));
        while (call.find()) {
            called.add(call.group(1).toLowerCase(Locale.ROOT));
        }
        Matcher scan = FUNCTION_SCAN.matcher(plan);
        while (scan.find()) {
            called.add(scan.group(1));
        }
        for (String function : called) {
            if (NOT_FUNCTIONS.contains(function) || airlock.functions().contains(function) || readsCatalogs) {
                continue;
            }
            if (restrictedFunctions.contains(function) && !airlock.sideEffectFunctions().contains(function)) {
                disagreements.add(sql + ": PostgreSQL calls restricted " + function + ", Airlock reports "
                        + airlock.sideEffectFunctions());
            } else if (!pureFunctions.contains(function) && !restrictedFunctions.contains(function)) {
                disagreements.add(sql + ": PostgreSQL calls " + function + ", which Airlock neither saw nor knows");
            }
        }
        Matcher operation = OPERATION.matcher(plan);
        while (operation.find()) {
            String op = operation.group(1).toLowerCase(Locale.ROOT);
            if (!writes.contains(op)) {
                disagreements.add(sql + ": PostgreSQL plans " + op + ", Airlock reports " + writes);
            }
        }
        Matcher conflict = CONFLICT.matcher(plan);
        while (conflict.find()) {
            if (conflict.group(1).equals("UPDATE") && !writes.contains("update")) {
                disagreements.add(sql + ": PostgreSQL plans ON CONFLICT DO UPDATE, Airlock reports " + writes);
            }
        }
    }
}
