package dev.airlock.masking;

import dev.airlock.core.model.ColumnMaskRule;
import dev.airlock.core.model.MaskStrategy;
import dev.airlock.core.model.MaskedResult;
import dev.airlock.core.model.OutputLineage;
import dev.airlock.core.model.QueryResult;
import dev.airlock.core.model.ResultColumn;
import dev.airlock.core.model.SourceColumn;
import dev.airlock.core.model.SqlLineage;
import dev.airlock.core.model.TableRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Masking follows the data (issue 13, principle 6): values computed from a masked column are
 * redacted whatever the expression, as the red-team report's rows 3-40 tried. The demo's ground
 * truth for customer 1 is the canary: none of it may come out.
 */
class LineageMaskingTest {
    static final TableRef CUSTOMERS = TableRef.of("public", "customers");
    static final List<String> CANARIES = List.of("871-67-6620", "871676620", "0266-76-178", "4061-0302-2762-5741",
            "4061030227625741", "1475-2672-2030-1604", "leon.tromp0@mohr.com", "leon.tromp0", "(983) 767-7345",
            "9837677345", "2006-09-06", "20060906", "moc.rhom@0pmort.noel");
    static final List<ColumnMaskRule> DEMO_RULES = List.of(
            rule("email", "email", MaskStrategy.PARTIAL),
            rule("phone", "phone", MaskStrategy.PSEUDONYM),
            rule("card_number", "card", MaskStrategy.PARTIAL),
            rule("ssn", "ssn", MaskStrategy.REDACT),
            rule("birth_date", "date_of_birth", MaskStrategy.REDACT));

    private final MaskingEngine engine = MaskingEngine.builder()
            .pseudonymKey(PseudonymKey.of("0123456789abcdef0123456789abcdef".getBytes())).build();

    static ColumnMaskRule rule(String column, String type, MaskStrategy strategy) {
        return new ColumnMaskRule(Optional.of(CUSTOMERS), column, type, strategy);
    }

    static SourceColumn customers(String column) {
        return SourceColumn.of(CUSTOMERS, column);
    }

    static OutputLineage derivedFrom(String... columns) {
        return new OutputLineage(false, Arrays.stream(columns).map(LineageMaskingTest::customers)
                .collect(java.util.stream.Collectors.toSet()), Set.of());
    }

    static OutputLineage direct(String column) {
        return new OutputLineage(true, Set.of(customers(column)), Set.of());
    }

    static SqlLineage mapped(OutputLineage... outputs) {
        return new SqlLineage(List.of(outputs), Set.of(), Set.of(), true, true);
    }

    private MaskedResult maskOne(Object value, SqlLineage lineage) {
        return engine.mask(new QueryResult(List.of(ResultColumn.labelled("x")), List.of(Arrays.asList(value)), -1,
                false), DEMO_RULES, lineage);
    }

    /** What PostgreSQL returns for the report's expressions over customer 1, and the column each reads. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            reverse(email)                                   | moc.rhom@0pmort.noel              | email       | [EMAIL]
            substr(card_number,1,6)                          | 4061-0                            | card_number | [CARD]
            split_part(email,'@',1)                          | leon.tromp0                       | email       | [EMAIL]
            encode(convert_to(email,'UTF8'),'base64')        | bGVvbi50cm9tcDBAbW9oci5jb20=      | email       | [EMAIL]
            md5(ssn)                                         | d212ec0414a752a9a33e4aad4f0db63e  | ssn         | [SSN]
            reverse(ssn)                                     | 0266-76-178                       | ssn         | [SSN]
            reverse(card_number)                             | 1475-2672-2030-1604               | card_number | [CARD]
            reverse(phone)                                   | 5437-767 )389(                    | phone       | [PHONE]
            birth_date::text                                 | 2006-09-06                        | birth_date  | [DATE_OF_BIRTH]
            to_char(birth_date,'YYYYMMDD')                   | 20060906                          | birth_date  | [DATE_OF_BIRTH]
            translate(ssn,'-','')                            | 871676620                         | ssn         | [SSN]
            overlay(email placing '#' ...)                   | leon.tromp0#mohr.com              | email       | [EMAIL]
            replace(email,'@',' at ')                        | leon.tromp0 at mohr.com           | email       | [EMAIL]
            ascii(substr(ssn,1,1))                           | 56                                | ssn         | [SSN]
            substr(ssn,8,4)                                  | 6620                              | ssn         | [SSN]
            card_number::bytea                               | NDA2MS0wMzAyLTI3NjItNTc0MQ==      | card_number | [CARD]
            birth_date + 0                                   | 2006-09-06                        | birth_date  | [DATE_OF_BIRTH]
            extract(year from birth_date)                    | 2006                              | birth_date  | [DATE_OF_BIRTH]
            translate(phone,'()- ','')                       | 9837677345                        | phone       | [PHONE]
            greatest(birth_date,'1900-01-01')                | 2006-09-06                        | birth_date  | [DATE_OF_BIRTH]
            "string_agg(id::text||':'||translate(ssn,'-',''))" | 1:871676620,2:725147697           | ssn         | [SSN]
            "(birth_date::text||'x')"                        | 2006-09-06x                       | birth_date  | [DATE_OF_BIRTH]
            to_tsvector('simple', ssn)                       | '6620':3 '67':2 '871':1           | ssn         | [SSN]
            coalesce(ssn,'x')                                | 871-67-6620                       | ssn         | [SSN]
            (array[ssn])[1]                                  | 871-67-6620                       | ssn         | [SSN]
            """)
    void mask_whenValueIsComputedFromAMaskedColumn_redactsItWhole(String expression, String value, String column,
                                                                  String expected) {
        MaskedResult masked = maskOne(value, mapped(derivedFrom(column)));

        assertThat(masked.rows().getFirst().getFirst()).isEqualTo(expected);
        assertThat(masked.maskedCounts()).containsEntry(expected.substring(1, expected.length() - 1)
                .toLowerCase(java.util.Locale.ROOT), 1);
    }

    @Test
    void mask_whenNumberComesFromADate_redactsIt() {
        assertThat(maskOne(2006, mapped(derivedFrom("birth_date"))).rows().getFirst())
                .containsExactly("[DATE_OF_BIRTH]");
        assertThat(maskOne(20060906L, mapped(derivedFrom("birth_date"))).rows().getFirst())
                .containsExactly("[DATE_OF_BIRTH]");
    }

    @Test
    void mask_whenDerivedValueIsNullOrBoolean_redactsItToo() {
        // nullif(ssn, '871-67-6620') is null exactly when the guess is right.
        assertThat(maskOne(null, mapped(derivedFrom("ssn"))).rows().getFirst()).containsExactly("[SSN]");
        assertThat(maskOne(true, mapped(derivedFrom("ssn"))).rows().getFirst()).containsExactly("[SSN]");
    }

    @Test
    void mask_whenWholeRowIsRead_redactsEvenColumnsWithoutDetectors() {
        String json = "{\"id\":1,\"email\":\"leon.tromp0@mohr.com\",\"birth_date\":\"2006-09-06\"}";
        SqlLineage lineage = mapped(new OutputLineage(false, Set.of(), Set.of(CUSTOMERS)));

        Object masked = maskOne(json, lineage).rows().getFirst().getFirst();

        assertThat(String.valueOf(masked)).startsWith("[").doesNotContain("2006").doesNotContain("leon");
    }

    @Test
    void mask_whenWholeRowOfAnUncoveredTable_onlyDetectorsApply() {
        SqlLineage lineage = mapped(new OutputLineage(false, Set.of(), Set.of(TableRef.of("public", "orders"))));

        assertThat(maskOne("(1,13.37,ann@example.com)", lineage).rows().getFirst())
                .containsExactly("(1,13.37,[EMAIL])");
    }

    @Test
    void mask_whenColumnIsDirect_appliesItsRuleAsToday() {
        QueryResult result = new QueryResult(List.of(ResultColumn.labelled("e"), ResultColumn.labelled("c"),
                ResultColumn.labelled("city")),
                List.of(List.of("leon.tromp0@mohr.com", "4061-0302-2762-5741", "Oslo")), -1, false);

        MaskedResult masked = engine.mask(result, DEMO_RULES,
                mapped(direct("email"), direct("card_number"), direct("city")));

        assertThat(masked.rows().getFirst()).containsExactly("***@mohr.com", "****-****-****-5741", "Oslo");
    }

    @Test
    void mask_whenDirectColumnIsAnArray_masksEachElement() {
        MaskedResult masked = maskOne(List.of("leon.tromp0@mohr.com", "ann@schultz.io"), mapped(direct("email")));

        assertThat(masked.rows().getFirst().getFirst()).isEqualTo(List.of("***@mohr.com", "***@schultz.io"));
        assertThat(masked.maskedCounts()).containsEntry("email", 2);
    }

    @Test
    void mask_whenDirectColumnIsNull_keepsTheNull() {
        assertThat(maskOne(null, mapped(direct("email"))).rows().getFirst()).containsExactly((Object) null);
    }

    @Test
    void mask_whenDerivedFromUncoveredColumns_detectorsStillRun() {
        assertThat(maskOne("call 871-67-6620", mapped(derivedFrom("city"))).rows().getFirst())
                .containsExactly("call [SSN]");
        assertThat(maskOne("Oslo", mapped(derivedFrom("city"))).rows().getFirst()).containsExactly("Oslo");
    }

    @Test
    void mask_whenLineageIsUnknown_redactsEveryColumnTheDatabaseCannotTrace() {
        QueryResult result = new QueryResult(List.of(ResultColumn.labelled("r"),
                new ResultColumn("city", Optional.of(CUSTOMERS), Optional.of("city")),
                new ResultColumn("email", Optional.of(CUSTOMERS), Optional.of("email"))),
                List.of(List.of("0266-76-178", "Oslo", "leon.tromp0@mohr.com")), -1, false);

        MaskedResult masked = engine.mask(result, DEMO_RULES, SqlLineage.UNKNOWN);

        assertThat(masked.rows().getFirst()).containsExactly("[REDACTED]", "Oslo", "[EMAIL]");
    }

    @Test
    void mask_whenLineageIsUnknownAndNoRules_detectorsOnly() {
        QueryResult result = new QueryResult(List.of(ResultColumn.labelled("r")), List.of(List.of("Oslo")), -1,
                false);

        assertThat(engine.mask(result, List.of(), SqlLineage.UNKNOWN).rows().getFirst()).containsExactly("Oslo");
    }

    @Test
    void mask_whenLineageIsUnmapped_trustsTheDatabaseTraceAndRedactsTheRest() {
        // select *, reverse(ssn) from customers: * leaves the parse unmapped.
        SqlLineage lineage = new SqlLineage(List.of(), Set.of(customers("ssn")), Set.of(CUSTOMERS), false, true);
        QueryResult result = new QueryResult(List.of(
                new ResultColumn("email", Optional.of(CUSTOMERS), Optional.of("email")),
                new ResultColumn("city", Optional.of(CUSTOMERS), Optional.of("city")),
                ResultColumn.labelled("reverse")),
                List.of(List.of("leon.tromp0@mohr.com", "Oslo", "0266-76-178")), -1, false);

        MaskedResult masked = engine.mask(result, DEMO_RULES, lineage);

        assertThat(masked.rows().getFirst()).containsExactly("***@mohr.com", "Oslo", "[EMAIL]");
    }

    @Test
    void mask_whenLineageHasFewerColumnsThanTheResult_trustsNoPosition() {
        // The parse says one direct email column; the database returned two.
        QueryResult result = new QueryResult(List.of(ResultColumn.labelled("a"), ResultColumn.labelled("b")),
                List.of(List.of("871-67-6620x", "leon.tromp0")), -1, false);
        SqlLineage lineage = new SqlLineage(List.of(direct("email")), Set.of(customers("email"), customers("ssn")),
                Set.of(), true, true);

        assertThat(engine.mask(result, DEMO_RULES, lineage).rows().getFirst()).containsExactly("[EMAIL]", "[EMAIL]");
    }

    @Test
    void mask_whenRuleIsNull_derivedValueIsNull() {
        List<ColumnMaskRule> rules = List.of(rule("ssn", "ssn", MaskStrategy.NULL));
        MaskedResult masked = engine.mask(new QueryResult(List.of(ResultColumn.labelled("x")),
                List.of(List.of("0266-76-178")), -1, false), rules, mapped(derivedFrom("ssn")));

        assertThat(masked.rows().getFirst()).containsExactly((Object) null);
    }

    @Test
    void mask_whenCanaryValuesComeThroughAnyDerivedColumn_noneSurvives() {
        for (String canary : CANARIES) {
            for (String column : List.of("ssn", "email", "phone", "card_number", "birth_date")) {
                Object out = maskOne(canary, mapped(derivedFrom(column, "city"))).rows().getFirst().getFirst();
                assertThat(String.valueOf(out)).as(column + " " + canary).doesNotContain(canary);
            }
        }
    }
}
