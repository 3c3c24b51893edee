package dev.airlock.masking;

import dev.airlock.core.model.ColumnMaskRule;
import dev.airlock.core.model.MaskedStatement;
import dev.airlock.core.model.SourceColumn;
import dev.airlock.core.model.TableRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.airlock.masking.LineageMaskingTest.CANARIES;
import static dev.airlock.masking.LineageMaskingTest.DEMO_RULES;
import static dev.airlock.masking.LineageMaskingTest.customers;
import static org.assertj.core.api.Assertions.assertThat;

/** Statements for the record (finding F8, report row 152): no masked value reaches the audit trail. */
class StatementMaskingTest {
    private final MaskingEngine engine = MaskingEngine.withDefaultDetectors();

    /** Report row 152 and the oracles of rows 24-25, 36, 40: as the audit trail would keep them. */
    @ParameterizedTest
    @ValueSource(strings = {
            "select id from customers where translate(ssn,'-','') = '871676620'",
            "select id from customers where split_part(email,'@',1) = 'leon.tromp0'",
            "select id from customers where translate(phone,'()- ','') = '9837677345'",
            "select id from customers where ssn = '871-67-6620'",
            "select count(*) from customers where ssn like '871%'",
            "select id from customers where card_number = '4061-0302-2762-5741'",
            "select id from customers where email = 'leon.tromp0@mohr.com'",
            "select id from customers where phone = '(983) 767-7345'",
            "select id from customers where birth_date = '2006-09-06'",
            "select id from customers where to_char(birth_date,'YYYYMMDD') = '20060906'",
            "select id from customers where translate(ssn,'-','')::bigint = 871676620",
            "select id from customers where birth_date = date '2006-09-06' -- 871676620",
            "select id from customers where email = $q$leon.tromp0@mohr.com$q$",
            "select id from customers where email = E'leon.tromp0\\x40mohr.com'",
            "select id from customers where email = U&'leon.tromp0\\0040mohr.com'",
            "select id from customers /* leon.tromp0 /* 9837677345 */ 20060906 */ where id = 1",
            "select id from customers where ssn = '871''67''6620' or phone = '9837677345'",
            "select id from customers where (birth_date::text || 'x')::int = 1 and city = '20060906'",
    })
    void maskStatement_whenStatementReferencesAMaskedColumn_noLiteralSurvives(String sql) {
        Set<SourceColumn> referenced = Set.of(customers("ssn"), customers("email"), customers("phone"),
                customers("birth_date"), customers("card_number"), customers("id"));

        MaskedStatement masked = engine.maskStatement(sql, List.of("871676620", "leon.tromp0", 20060906),
                DEMO_RULES, referenced);

        assertNoCanary(masked);
        assertThat(masked.statement()).contains("[");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "select id from customers where translate(ssn,'-','') = '871676620'",
            "select id from customers where split_part(email,'@',1) = 'leon.tromp0' and id = 9837677345",
            "select $$20060906$$, x'1F', b'101', n'leon.tromp0', 1e5, 0x1F, .5",
            "select 'a\\' , ssn from customers where '1' = '871676620'",
            "select id from customers /* leon.tromp0 /* nested */ 9837677345 */ where id = 1",
            "select 'leon.tromp0",
            "select /* 871676620 ",
            "select \"leon.tromp0",
            "select $a$ 871676620 $b$",
    })
    void maskStatementBlind_whenAnyLiteralMayBeAMaskedValue_noneSurvives(String sql) {
        MaskedStatement masked = engine.maskStatementBlind(sql, Arrays.asList("871676620", "leon.tromp0", null,
                20060906, "(983) 767-7345"));

        assertNoCanary(masked);
        assertThat(masked.params()).hasSize(5).contains("null");
    }

    @Test
    void maskStatementBlind_whenParameterLooksLikeSomething_namesIt() {
        assertThat(engine.maskStatementBlind("select ?, ?, ?, ?", Arrays.asList("871676620", null, 20060906,
                "(983) 767-7345")).params()).containsExactly("[REDACTED]", "null", "[REDACTED]", "[PHONE]");
    }

    @Test
    void maskStatementBlind_keepsTheStatementsShape() {
        MaskedStatement masked = engine.maskStatementBlind(
                "select id from customers where ssn = '871-67-6620' and city = 'Oslo' limit 10", List.of());

        assertThat(masked.statement())
                .isEqualTo("select id from customers where ssn = '[SSN]' and city = '[REDACTED]' limit [REDACTED]");
    }

    @Test
    void maskStatement_whenColumnIsCovered_redactsUnderTheRulesType() {
        MaskedStatement masked = engine.maskStatement("select id from customers where ssn = '871-67-6620' and id = ?",
                List.of(5), DEMO_RULES, Set.of(customers("ssn"), customers("id")));

        assertThat(masked.statement()).isEqualTo("select id from customers where ssn = '[SSN]' and id = ?");
        assertThat(masked.params()).containsExactly("[SSN]");
    }

    @Test
    void maskStatement_whenAWholeRowOfACoveredTableIsRead_masksEveryLiteral() {
        MaskedStatement masked = engine.maskStatement("select id from customers c where c::text like '%871%'",
                List.of(), DEMO_RULES, Set.of(SourceColumn.of(TableRef.of("public", "customers"), "*")));

        assertThat(masked.statement()).doesNotContain("871");
    }

    @Test
    void maskStatement_whenSeveralMaskedColumnsAreReferenced_labelsNoneOfThem() {
        MaskedStatement masked = engine.maskStatement("select email, ssn from customers where id = ?",
                List.of("871676620"), DEMO_RULES, Set.of(customers("email"), customers("ssn"), customers("id")));

        assertThat(masked.statement()).isEqualTo("select email, ssn from customers where id = ?");
        assertThat(masked.params()).containsExactly("[REDACTED]");
    }

    @Test
    void maskStatement_whenNoCoveredColumn_detectorsOnly() {
        MaskedStatement masked = engine.maskStatement("select id from orders where note = 'call 871-67-6620' and id = 5",
                List.of("x"), DEMO_RULES, Set.of(SourceColumn.of(TableRef.of("public", "orders"), "note")));

        assertThat(masked.statement()).isEqualTo("select id from orders where note = 'call [SSN]' and id = 5");
        assertThat(masked.params()).containsExactly("x");
    }

    @Test
    void maskStatement_whenRuleHasNoTable_coversAnUnqualifiedName() {
        List<ColumnMaskRule> rules = List.of(new ColumnMaskRule(Optional.empty(), "ssn", "ssn",
                dev.airlock.core.model.MaskStrategy.REDACT));

        MaskedStatement masked = engine.maskStatement("select id from t where ssn = '871676620'", List.of(), rules,
                Set.of(new SourceColumn(Optional.empty(), "ssn")));

        assertThat(masked.statement()).isEqualTo("select id from t where ssn = '[SSN]'");
    }

    /** standard_conforming_strings is on: a backslash ends nothing outside E''. */
    @Test
    void maskStatementBlind_whenBackslashPrecedesAQuote_readsItAsPostgreSqlDoes() {
        MaskedStatement masked = engine.maskStatementBlind(
                "update customers set city = 'Oslo\\' where id = 5", List.of());

        assertThat(masked.statement()).isEqualTo("update customers set city = '[REDACTED]' where id = [REDACTED]");
    }

    @Test
    void maskStatementBlind_whenEStringEscapesAQuote_theLiteralRunsOn() {
        MaskedStatement masked = engine.maskStatementBlind("select E'it\\'s', 1", List.of());

        assertThat(masked.statement()).isEqualTo("select '[REDACTED]', [REDACTED]");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            select 'abc                           | unterminated string
            select \"abc                          | unterminated identifier
            select 1 /* /* */ '871-67-6620'       | nested comment left open
            select $t$ 871-67-6620                | unterminated dollar quote
            select E'abc\\'                       | E string whose last quote is escaped
            """)
    void maskStatement_whenTextDoesNotLex_masksItWhole(String sql, String why) {
        assertThat(engine.maskStatement(sql, List.of("871-67-6620")).statement()).as(why)
                .isEqualTo(SqlText.UNREADABLE);
        assertThat(engine.maskStatementBlind(sql, List.of()).statement()).as(why).isEqualTo(SqlText.UNREADABLE);
        assertThat(engine.maskStatement(sql, List.of(), DEMO_RULES, Set.of(customers("ssn"))).statement()).as(why)
                .isEqualTo(SqlText.UNREADABLE);
    }

    @Test
    void lex_readsPostgreSqlTokens() {
        String sql = "select U&\"\\0073sn\", e'a\\'b', 'c''d', $$e$$, $1, ? from t -- x\n/* a /* b */ c */";
        List<SqlText.Token> tokens = SqlText.lex(sql).orElseThrow();

        assertThat(tokens.stream().map(SqlText.Token::kind).toList()).containsExactly(
                SqlText.Kind.WORD, SqlText.Kind.QUOTED_IDENTIFIER, SqlText.Kind.OTHER, SqlText.Kind.STRING,
                SqlText.Kind.OTHER, SqlText.Kind.STRING, SqlText.Kind.OTHER, SqlText.Kind.STRING, SqlText.Kind.OTHER,
                SqlText.Kind.PARAMETER, SqlText.Kind.OTHER, SqlText.Kind.PARAMETER, SqlText.Kind.WORD,
                SqlText.Kind.WORD, SqlText.Kind.COMMENT, SqlText.Kind.COMMENT);
    }

    private static void assertNoCanary(MaskedStatement masked) {
        String all = masked.statement() + " " + masked.params();
        for (String canary : CANARIES) {
            assertThat(all).as(canary).doesNotContain(canary);
        }
        assertThat(all).doesNotContain("871").doesNotContain("leon").doesNotContain("2006").doesNotContain("9837");
    }
}
