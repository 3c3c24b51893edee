package dev.airlock.sql.lineage;

import dev.airlock.core.model.OutputLineage;
import dev.airlock.core.model.SourceColumn;
import dev.airlock.core.model.SqlLineage;
import dev.airlock.core.model.TableRef;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class LineageAnalyzerTest {
    private static final TableRef CUSTOMERS = TableRef.of("public", "customers");
    private static final TableRef ORDERS = TableRef.of("public", "orders");

    static LineageFacts facts(String sql) {
        try {
            return LineageAnalyzer.analyze(CCJSqlParserUtil.parse(sql), "public");
        } catch (Exception e) {
            throw new AssertionError("does not parse: " + sql, e);
        }
    }

    static OutputLineage first(String sql) {
        return facts(sql).lineage().output(0).orElseThrow();
    }

    static SourceColumn customers(String column) {
        return SourceColumn.of(CUSTOMERS, column);
    }

    /** Red-team report rows 3-40: each value is computed from ssn, so it is derived from ssn. */
    @ParameterizedTest
    @ValueSource(strings = {
            "select reverse(ssn) from customers",
            "select translate(ssn, '-', '') from customers",
            "select substr(ssn, 1, 3) from customers",
            "select split_part(ssn, '-', 1) from customers",
            "select encode(convert_to(ssn, 'UTF8'), 'base64') from customers",
            "select md5(ssn) from customers",
            "select ssn::text from customers",
            "select cast(ssn as varchar(20)) from customers",
            "select ssn::bytea from customers",
            "select greatest(ssn, 'a') from customers",
            "select json_build_object('s', ssn)::text from customers",
            "select string_agg(ssn, '|') from customers",
            "select string_agg(id::text || ':' || translate(ssn, '-', ''), ',') from customers",
            "select array_agg(distinct ssn) from customers",
            "select array_agg(reverse(ssn)) from customers",
            "select array_agg(ssn) filter (where id > 1) from customers",
            "select format('%s', ssn) from customers",
            "select concat_ws(',', ssn, 'x') from customers",
            "select overlay(ssn placing '#' from position('-' in ssn) for 1) from customers",
            "select replace(ssn, '-', ' ') from customers",
            "select ascii(substr(ssn, 1, 1)) from customers",
            "select regexp_replace(ssn, '-', '', 'g') from customers",
            "select case when id = 1 then ssn else 'x' end from customers",
            "select case when ssn like '8%' then 1 else 0 end from customers",
            "select coalesce(ssn, 'x') from customers",
            "select nullif(ssn, '') from customers",
            "select ssn || '' from customers",
            "select (array[ssn])[1] from customers",
            "select (select ssn) from customers",
            "select (select c2.ssn from customers c2 where c2.id = c.id) from customers c",
            "select x from customers c, lateral (select reverse(c.ssn) as x) l",
            "select lag(ssn) over (order by id) from customers",
            "select first_value(ssn) over (partition by city order by id) from customers",
            "select row_number() over (order by ssn) from customers",
            "select upper(lower(ssn)) from customers",
            "select length(ssn) from customers",
            "select ssn like '871%' from customers",
            "select ssn = '871-67-6620' from customers",
            "select to_tsvector('simple', ssn) from customers",
            "select left(ssn, 3) || right(ssn, 4) from customers",
            "select x from (select reverse(ssn) as x from customers) s",
            "with t as (select md5(ssn) as h from customers) select h from t",
            "select s from (select ssn as s from customers union all select 'x') u",
            "select (c).ssn from customers c",
            "select sum(length(ssn)) from customers",
            "select max(ssn) filter (where id > 0) from customers",
            "select unnest(array[ssn]) from customers",
            "select x from customers c cross join lateral unnest(array[c.ssn]) as u(x)",
            "select jsonb_build_array(ssn)->>0 from customers",
            "select ssn collate \"C\" from customers",
    })
    void analyze_whenValueIsComputedFromSsn_isDerivedFromIt(String sql) {
        OutputLineage out = first(sql);

        assertThat(out.direct()).as(sql).isFalse();
        assertThat(out.sources().contains(customers("ssn")) || out.wholeRows().contains(CUSTOMERS)).as(sql).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "select birth_date + 0 from customers",
            "select birth_date::text from customers",
            "select to_char(birth_date, 'YYYYMMDD') from customers",
            "select extract(year from birth_date) from customers",
            "select date_part('year', birth_date) from customers",
            "select greatest(birth_date, '1900-01-01') from customers",
            "select json_build_object('dob', birth_date)::text from customers",
            "select (birth_date::text || 'x')::int from customers",
            "select birth_date - date '2000-01-01' from customers",
            "select age(birth_date) from customers",
            "select birth_date::timestamp from customers",
    })
    void analyze_whenValueIsComputedFromBirthDate_isDerivedFromIt(String sql) {
        OutputLineage out = first(sql);

        assertThat(out.direct()).as(sql).isFalse();
        assertThat(out.sources()).as(sql).contains(customers("birth_date"));
    }

    /** Rows 10-13: the whole row carries every column. */
    @ParameterizedTest
    @ValueSource(strings = {
            "select row_to_json(c) from customers c",
            "select to_json(c.*) from customers c",
            "select c from customers c",
            "select c::text from customers c",
            "select json_agg(c) from customers c",
            "select json_agg(c order by c.id) from customers c",
            "select to_jsonb(customers) from customers",
            "select row_to_json(t) from (select * from customers) t",
            "select jsonb_agg(t) from (select ssn, email from customers) t",
            "select hstore(c) from customers c",
            "select (c.*)::text from customers c",
    })
    void analyze_whenWholeRowIsRead_tableIsAWholeRowSource(String sql) {
        LineageFacts facts = facts(sql);
        OutputLineage out = facts.lineage().output(0).orElseThrow();

        assertThat(out.direct()).as(sql).isFalse();
        assertThat(out.wholeRows().contains(CUSTOMERS) || out.sources().contains(customers("ssn"))).as(sql).isTrue();
        assertThat(facts.wholeRowTables().contains(CUSTOMERS) || out.sources().contains(customers("email"))).as(sql)
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "select email from customers",
            "select email as x from customers",
            "select c.email from customers c",
            "select public.customers.email from public.customers",
            "select x from (select email as x from customers) s",
            "select s.x from (select c.email as x from customers c) s",
            "with t as (select email from customers) select email from t",
            "with t as (select * from customers) select email from t",
            "select l.e from customers c, lateral (select c.email as e) l",
            "select email from customers union select email from customers",
            "select (email) from customers",
            "select email from customers where id in (select customer_id from orders)",
            "select \"email\" from customers",
            "with t(e) as (select email from customers) select e from t",
            "select email from (select * from customers) s",
            "select array_agg(email) from customers",
            "select array_agg(email order by id) from customers",
    })
    void analyze_whenColumnPassesThroughUnchanged_isDirect(String sql) {
        OutputLineage out = first(sql);

        assertThat(out.direct()).as(sql).isTrue();
        assertThat(out.sources()).as(sql).containsExactly(customers("email"));
    }

    @Test
    void analyze_whenUnqualifiedNameMayBelongToATableOfUnknownColumns_isDerivedFromBoth() {
        OutputLineage out = first("select e from customers c, lateral (select c.email as e) l");

        assertThat(out.direct()).isFalse();
        assertThat(out.sources()).contains(customers("email"), customers("e"));
    }

    @Test
    void analyze_whenUnionMixesColumns_isDerivedFromBoth() {
        OutputLineage out = first("select email from customers union all select ssn from customers");

        assertThat(out.direct()).isFalse();
        assertThat(out.sources()).contains(customers("email"), customers("ssn"));
    }

    @Test
    void analyze_whenUnionAddsAConstant_isDerived() {
        OutputLineage out = first("select ssn from customers union all select 'x'");

        assertThat(out.direct()).isFalse();
        assertThat(out.sources()).contains(customers("ssn"));
    }

    @Test
    void analyze_whenColumnIsAmbiguous_belongsToEveryCandidateTable() {
        OutputLineage out = first("select ssn from customers, orders");

        assertThat(out.direct()).isFalse();
        assertThat(out.sources()).contains(customers("ssn"), SourceColumn.of(ORDERS, "ssn"));
    }

    @Test
    void analyze_whenConstantOrCount_hasNoSources() {
        LineageFacts facts = facts("select count(*), 1, now() from customers");

        for (int i = 0; i < 3; i++) {
            OutputLineage out = facts.lineage().output(i).orElseThrow();
            assertThat(out.sources()).isEmpty();
            assertThat(out.wholeRows()).isEmpty();
        }
    }

    @Test
    void analyze_whenEachColumnIsDifferent_mapsEachOutput() {
        SqlLineage lineage = facts("select id, reverse(email) r, ssn from customers").lineage();

        assertThat(lineage.mapped()).isTrue();
        assertThat(lineage.output(0).orElseThrow().direct()).isTrue();
        assertThat(lineage.output(1).orElseThrow().direct()).isFalse();
        assertThat(lineage.output(1).orElseThrow().sources()).containsExactly(customers("email"));
        assertThat(lineage.output(2).orElseThrow().sources()).containsExactly(customers("ssn"));
    }

    @Test
    void analyze_whenStarOverUnknownTable_isUnmappedAndReadsWholeRows() {
        SqlLineage lineage = facts("select * from customers").lineage();

        assertThat(lineage.known()).isTrue();
        assertThat(lineage.mapped()).isFalse();
        assertThat(lineage.output(3).orElseThrow().wholeRows()).contains(CUSTOMERS);
    }

    @Test
    void analyze_whenTableStatement_readsLikeSelectStar() {
        SqlLineage lineage = facts("TABLE customers").lineage();

        assertThat(lineage.known()).isTrue();
        assertThat(lineage.mapped()).isFalse();
        assertThat(lineage.wholeRows()).contains(CUSTOMERS);
    }

    @Test
    void analyze_whenDataModifyingCteReturnsRows_carriesWhatItReturns() {
        OutputLineage out = first("with gone as (delete from customers where id = 1 returning ssn) select ssn from gone");

        assertThat(out.sources()).contains(customers("ssn"));
        assertThat(facts("with gone as (delete from customers where ssn = '1' returning id) select id from gone")
                .columnsFiltered()).contains("public.customers.ssn");
    }

    @Test
    void analyze_whenStarOverKnownTable_expandsDirectColumns() {
        LineageFacts facts = LineageAnalyzer.analyze(parse("select * from customers"), "public",
                t -> t.equals(CUSTOMERS) ? Optional.of(List.of("id", "email", "ssn")) : Optional.empty());

        assertThat(facts.lineage().mapped()).isTrue();
        assertThat(facts.lineage().output(2).orElseThrow()).isEqualTo(
                new OutputLineage(true, java.util.Set.of(customers("ssn")), java.util.Set.of()));
    }

    @Test
    void analyze_whenStarOverUsingJoin_isUnmapped() {
        assertThat(facts("select * from (select id, email from customers) a join (select id, ssn from customers) b "
                + "using (id)").lineage().mapped()).isFalse();
    }

    @Test
    void analyze_whenStarOverMappedSubquery_stillMaps() {
        SqlLineage lineage = facts("select * from (select id, md5(ssn) h from customers) s").lineage();

        assertThat(lineage.mapped()).isTrue();
        assertThat(lineage.output(1).orElseThrow().sources()).containsExactly(customers("ssn"));
        assertThat(lineage.output(1).orElseThrow().direct()).isFalse();
    }

    @Test
    void analyze_whenStatementRunsQueryText_isUnknown() {
        assertThat(facts("select word from ts_stat('select to_tsvector(''simple'', ssn) from customers')")
                .lineage().known()).isFalse();
        assertThat(facts("select ts_rewrite('a'::tsquery, 'select 1')").lineage().known()).isFalse();
    }

    @Test
    void analyze_whenNotAQuery_isUnknown() {
        assertThat(facts("create table x (a int)").lineage()).isEqualTo(SqlLineage.UNKNOWN);
    }

    // ------------------------------------------------------------------ filters

    @ParameterizedTest
    @ValueSource(strings = {
            "select count(*) from customers where ssn like '871%'",
            "select id from customers where ssn = '871-67-6620'",
            "select id from customers where translate(ssn, '-', '') = '871676620'",
            "select id from customers c join orders o on o.note = c.ssn",
            "select count(*) from customers group by ssn",
            "select count(*) from customers group by 1 having max(ssn) > '8'",
            "select id from customers order by ssn",
            "select id, reverse(ssn) r from customers order by r",
            "select id from customers order by 1 limit (select length(max(ssn)) from customers)",
            "select row_number() over (partition by ssn) from customers",
            "select id from customers where id in (select id from customers where ssn like '8%')",
            "select id from customers where exists (select 1 from customers c2 where c2.ssn > '5')",
            "with t as (select id from customers where ssn like '8%') select id from t",
            "select id from (select id, ssn from customers) s where s.ssn like '8%'",
            "select id from customers offset (select count(*) from customers where ssn like '8%')",
            "select distinct on (ssn) id from customers",
            "select array_agg(id order by ssn) from customers",
            "update customers set city = 'x' where ssn = '1'",
            "delete from customers where ssn = '1'",
            "select id from customers c where row_to_json(c)::text like '%871%'",
    })
    void analyze_whenStatementFiltersOnSsn_listsItAsFiltered(String sql) {
        List<String> filtered = facts(sql).columnsFiltered();

        assertThat(filtered.contains("public.customers.ssn") || filtered.contains("public.customers.*")).as(sql)
                .isTrue();
    }

    /** Whether the statement fails, or how many rows it returns, depends on ssn: oracles without a WHERE. */
    @ParameterizedTest
    @ValueSource(strings = {
            "select 1/(case when ssn like '8%' then 0 else 1 end) from customers where id = 1",
            "select 1/(ascii(ssn) - 56) from customers where id = 1",
            "select ascii(ssn) % 2 from customers",
            "select ascii(ssn) * 2147483647 from customers",
            "select ssn::int from customers",
            "select cast(ssn as integer) from customers",
            "select (ssn || 'x')::jsonb from customers",
            "select case ssn when '871-67-6620' then 'yes' end from customers",
            "select generate_series(1, ascii(ssn)) from customers where id = 1",
            "select unnest(string_to_array(ssn, '-')) from customers",
            "select g from customers c, generate_series(1, ascii(c.ssn)) g",
            "select x from customers c cross join lateral unnest(array[c.ssn]) x",
            "select substr('abc', 1, ascii(ssn) - 57) from customers",
            "select sqrt(ascii(ssn) - 57) from customers",
            "select split_part(ssn, '-', 1) from customers",
            "select 'abc' like ssn from customers",
            "select 'abc' ~ ssn from customers",
            "select string_agg(id::text, ',' order by ssn) from customers",
            "select distinct left(ssn, 1) from customers",
            "select count(distinct ssn) from customers where id in (1, 2)",
            "select ssn from customers where id = 1 union select '871-67-6620'",
            "select ssn from customers where id = 1 intersect select '871-67-6620'",
            "select ssn from customers where id = 1 except select '871-67-6620'",
            "select count(*) from (select ssn from customers where id = 1 union select '871-67-6620') t",
    })
    void analyze_whenSsnDecidesWhetherTheStatementFailsOrHowManyRowsComeBack_listsItAsFiltered(String sql) {
        assertThat(facts(sql).columnsFiltered()).as(sql).contains("public.customers.ssn");
    }

    /** Computations that return a value for every value: shown masked, and no oracle. */
    @ParameterizedTest
    @ValueSource(strings = {
            "select reverse(ssn) from customers",
            "select lower(email), upper(ssn), md5(ssn), length(ssn) from customers",
            "select translate(ssn, '-', ''), replace(email, '@', ' at ') from customers",
            "select ssn || '', coalesce(ssn, 'x'), nullif(email, '') from customers",
            "select ssn::text, cast(ssn as varchar(20)), birth_date::text from customers",
            "select row_to_json(c), to_json(c.*) from customers c",
            "select case when id = 1 then ssn else email end from customers",
            "select ssn like '8%' from customers",
            "select count(ssn), max(ssn) from customers",
            "select ssn from customers where id = 1 union all select email from customers where id = 2",
    })
    void analyze_whenSsnOnlyFlowsThroughTotalComputations_listsNoFilter(String sql) {
        assertThat(facts(sql).columnsFiltered()).as(sql).doesNotContain("public.customers.ssn",
                "public.customers.email", "public.customers.birth_date");
    }

    @Test
    void analyze_whenGroupByPositionNamesAnExpression_filtersItsSources() {
        assertThat(facts("select substr(ssn, 1, 3), count(*) from customers group by 1").columnsFiltered())
                .contains("public.customers.ssn");
    }

    @Test
    void analyze_whenWholeRowInFilter_filtersTheWholeTable() {
        assertThat(facts("select id from customers c where c::text like '%871%'").columnsFiltered())
                .contains("public.customers.*");
    }

    @Test
    void analyze_whenNoFilter_listsNone() {
        assertThat(facts("select ssn from customers").columnsFiltered()).isEmpty();
    }

    @Test
    void analyze_whenUpdateReturnsWhatItWrote_returnedColumnIsDerivedFromTheSource() {
        OutputLineage out = first("update orders set note = (select ssn from customers limit 1) returning note");

        assertThat(out.direct()).isFalse();
        assertThat(out.sources()).contains(customers("ssn"));
    }

    @Test
    void analyze_whenInsertSelects_returningCarriesTheSource() {
        OutputLineage out = first("insert into orders (note) select ssn from customers returning note");

        assertThat(out.sources()).contains(customers("ssn"));
    }

    @Test
    void analyze_whenRecursiveCte_carriesItsSource() {
        OutputLineage out = first("with recursive t(x, n) as (select ssn, 1 from customers union all "
                + "select reverse(x), n + 1 from t where n < 3) select x from t");

        assertThat(out.direct()).isFalse();
        assertThat(out.sources()).contains(customers("ssn"));
    }

    @Test
    void analyze_whenStatementIsNull_isUnknown() {
        assertThat(LineageAnalyzer.analyze(null, "public")).isEqualTo(LineageFacts.UNKNOWN);
    }

    private static net.sf.jsqlparser.statement.Statement parse(String sql) {
        try {
            return CCJSqlParserUtil.parse(sql);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
