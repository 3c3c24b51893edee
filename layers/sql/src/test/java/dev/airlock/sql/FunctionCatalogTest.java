package dev.airlock.sql;

import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.SqlClassification;
import dev.airlock.core.model.SqlDialect;
import dev.airlock.core.model.StatementKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 13, principle 3: functions are on an allow-list, resolved as PostgreSQL resolves them. */
class FunctionCatalogTest {
    private final FunctionCatalog catalog = FunctionCatalog.postgresql();
    private final SqlStatementClassifier classifier = new SqlStatementClassifier();

    @Test
    void verdict_whenNameIsQualifiedQuotedOrCased_resolvesAsPostgres() {
        assertThat(catalog.verdict(FunctionNames.resolve("pg_catalog.\"pg_sleep\"").orElseThrow()))
                .isEqualTo(new FunctionCatalog.Verdict.Restricted(RiskClass.UNKNOWN));
        assertThat(catalog.verdict(FunctionNames.resolve("PG_CATALOG.UPPER").orElseThrow()))
                .isEqualTo(new FunctionCatalog.Verdict.Pure());
        assertThat(catalog.verdict(FunctionNames.resolve("\"UPPER\"").orElseThrow()))
                .isEqualTo(new FunctionCatalog.Verdict.Unknown());
        assertThat(catalog.verdict(FunctionNames.resolve("public.upper").orElseThrow()))
                .isEqualTo(new FunctionCatalog.Verdict.Unknown());
    }

    @ParameterizedTest
    @ValueSource(strings = {"select my_function(1)", "select public.upper('x')", "select \"Upper\"('x')",
            "select pg_stat_get_backend_idset_x()"})
    void classify_whenFunctionIsOnNoList_isUnknownAndNamesIt(String sql) {
        SqlClassification c = classifier.classify(sql, SqlDialect.POSTGRESQL, "public");
        assertThat(c.kind()).isEqualTo(StatementKind.UNKNOWN);
        assertThat(c.unknownReason().orElseThrow()).contains("it calls ");
        assertThat(c.executable()).isFalse();
    }

    @Test
    void classify_whenSequenceDrawnUnderAnySpelling_listsNextvalForOpsPolicy() {
        for (String sql : new String[]{"select nextval('orders_id_seq')", "select pg_catalog.\"nextval\"('orders_id_seq')",
                "select U&\"next\\0076al\"('orders_id_seq')", "SELECT NEXTVAL('orders_id_seq')"}) {
            assertThat(classifier.classify(sql, SqlDialect.POSTGRESQL, "public").sideEffectFunctions())
                    .as(sql).containsExactly("nextval");
        }
    }

    @Test
    void classify_whenAggregateFoldsRows_reportsIt() {
        SqlClassification c = classifier.classify("select count(*), json_agg(o), string_agg(city, ',') from orders o, customers",
                SqlDialect.POSTGRESQL, "public");
        assertThat(c.foldingAggregates()).containsExactly("json_agg", "string_agg");
    }
}
