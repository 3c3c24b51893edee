package dev.airlock.sql;

import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.SqlClassification;
import dev.airlock.core.model.SqlDialect;
import dev.airlock.core.model.StatementKind;
import dev.airlock.core.model.TableAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SqlStatementClassifierTest {
    private final SqlStatementClassifier classifier = new SqlStatementClassifier();

    private SqlClassification classify(String sql) {
        return classifier.classify(sql, SqlDialect.POSTGRESQL, "public");
    }

    private static List<String> accesses(SqlClassification c) {
        return c.accesses().stream().map(SqlStatementClassifierTest::describe).sorted().toList();
    }

    private static String describe(TableAccess a) {
        return a.kind().name().toLowerCase() + ":" + a.table().qualifiedName();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            select * from customers limit 5                                   | SELECT   | READ        | select:public.customers
            SELECT c.email FROM customers c JOIN orders o ON o.customer_id = c.id | SELECT | READ     | select:public.customers select:public.orders
            select 1                                                          | SELECT   | READ        |
            select * from sales."Orders"                                      | SELECT   | READ        | select:sales.Orders
            with recent as (select * from orders) select * from recent        | SELECT   | READ        | select:public.orders
            select * from customers for update                                | SELECT   | WRITE       | select:public.customers
            insert into orders (customer_id, total) values (1, 9.5)           | INSERT   | WRITE       | insert:public.orders
            insert into orders select * from customers                        | INSERT   | WRITE       | insert:public.orders select:public.customers
            update customers set city = 'Oslo' where id = 1                   | UPDATE   | WRITE       | update:public.customers
            update customers set city = 'Oslo'                                | UPDATE   | DESTRUCTIVE | update:public.customers
            update orders set total = 0 where customer_id in (select id from customers) | UPDATE | WRITE | select:public.customers update:public.orders
            delete from orders where id = ?                                   | DELETE   | WRITE       | delete:public.orders
            delete from orders                                                | DELETE   | DESTRUCTIVE | delete:public.orders
            with gone as (delete from orders returning *) select * from gone  | DELETE   | DESTRUCTIVE | delete:public.orders
            with x as (update customers set city = 'x' where id = 1 returning id) select * from x | UPDATE | WRITE | update:public.customers
            truncate table orders                                             | TRUNCATE | DESTRUCTIVE | truncate:public.orders
            drop table customers                                              | DDL      | DESTRUCTIVE | ddl:public.customers
            create table t (id int)                                           | DDL      | DDL         | ddl:public.t
            alter table customers add column x int                            | DDL      | DDL         | ddl:public.customers
            select * into backup from customers                               | DDL      | DDL         | ddl:public.backup select:public.customers
            grant select on customers to public                               | PRIVILEGE | PRIVILEGE  |
            set role postgres                                                 | PRIVILEGE | PRIVILEGE  |
            """)
    void classify_whenStatementParses_namesKindRiskAndTables(String sql, StatementKind kind, RiskClass risk,
                                                              String tables) {
        SqlClassification c = classify(sql);

        assertThat(c.kind()).isEqualTo(kind);
        assertThat(c.risk()).isEqualTo(risk);
        List<String> expected = tables == null ? List.of() : Arrays.stream(tables.split(" ")).sorted().toList();
        assertThat(accesses(c)).isEqualTo(expected);
        assertThat(c.statementCount()).isEqualTo(1);
    }

    @Test
    void classify_whenTextHoldsTwoStatements_isUnknown() {
        SqlClassification c = classify("SELECT 1; DROP TABLE customers");

        assertThat(c.kind()).isEqualTo(StatementKind.UNKNOWN);
        assertThat(c.risk()).isEqualTo(RiskClass.UNKNOWN);
        assertThat(c.statementCount()).isEqualTo(2);
        assertThat(c.unknownReason()).get().asString().contains("2 statements");
    }

    @Test
    void classify_whenTextDoesNotParse_isUnknownWithoutEchoingIt() {
        SqlClassification c = classify("selec email from customers where email = 'ann@example.com'");

        assertThat(c.kind()).isEqualTo(StatementKind.UNKNOWN);
        assertThat(c.unknownReason()).get().asString().contains("line 1").doesNotContain("ann@example.com");
    }

    @Test
    void classify_whenTextIsEmpty_isUnknown() {
        assertThat(classify("  -- just a comment\n").kind()).isEqualTo(StatementKind.UNKNOWN);
    }

    @Test
    void classify_whenCommentHidesASecondStatement_seesOnlyOne() {
        SqlClassification c = classify("select * from orders -- ; drop table orders");

        assertThat(c.kind()).isEqualTo(StatementKind.SELECT);
        assertThat(accesses(c)).containsExactly("select:public.orders");
    }

    @Test
    void classify_whenSetChangesSearchPath_isUnknown() {
        assertThat(classify("set search_path to evil").kind()).isEqualTo(StatementKind.UNKNOWN);
    }

    @Test
    void classify_whenParsingOverrunsItsTimeBound_isUnknown() {
        SqlStatementClassifier impatient = new SqlStatementClassifier(java.time.Duration.ofMillis(1));
        String heavy = "select * from orders where id in (" + "1,".repeat(50_000) + "1) and ("
                + "(".repeat(40) + "total > 1" + ")".repeat(40) + ")";

        long start = System.nanoTime();
        SqlClassification c = impatient.classify(heavy, SqlDialect.POSTGRESQL, "public");

        assertThat(c.kind()).isEqualTo(StatementKind.UNKNOWN);
        assertThat(c.unknownReason()).get().asString().contains("took longer than 1 ms");
        assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds").isLessThan(2_000);
    }

    @Test
    void classify_whenStatementKindIsNotSupported_isUnknown() {
        assertThat(classify("vacuum customers").kind()).isEqualTo(StatementKind.UNKNOWN);
    }
}
