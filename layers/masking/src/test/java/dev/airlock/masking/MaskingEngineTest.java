package dev.airlock.masking;

import dev.airlock.core.model.ColumnMaskRule;
import dev.airlock.core.model.MaskStrategy;
import dev.airlock.core.model.MaskedResult;
import dev.airlock.core.model.QueryResult;
import dev.airlock.core.model.ResultColumn;
import dev.airlock.core.model.TableRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MaskingEngineTest {
    private static final TableRef CUSTOMERS = TableRef.of(null, "customers");
    private static final PseudonymKey KEY = PseudonymKey.of("0123456789abcdef0123456789abcdef".getBytes());
    private final MaskingEngine engine = MaskingEngine.builder().pseudonymKey(KEY).build();

    private static ResultColumn from(String table, String column) {
        return new ResultColumn(column, Optional.of(TableRef.of(null, table)), Optional.of(column));
    }

    private static ColumnMaskRule rule(String column, String type, MaskStrategy strategy) {
        return new ColumnMaskRule(Optional.of(CUSTOMERS), column, type, strategy);
    }

    private MaskedResult maskOne(ResultColumn column, Object value, ColumnMaskRule... rules) {
        return engine.mask(new QueryResult(List.of(column), List.of(Arrays.asList(value)), -1, false), List.of(rules));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            write to ann.lee@example.com today            | write to [EMAIL] today
            card 4111 1111 1111 1111 and ssn 536-90-4399   | card [CARD] and ssn [SSN]
            token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig | token [JWT]
            from 10.1.2.3 as AKIAIOSFODNN7EXAMPLE          | from [IP_ADDRESS] as [AWS_ACCESS_KEY]
            """)
    void maskText_whenTextHoldsSensitiveValues_redactsEachWithItsType(String text, String expected) {
        assertThat(engine.maskText(text)).isEqualTo(expected);
    }

    @Test
    void mask_whenColumnRuleApplies_usesItsStrategyAndCountsItsType() {
        QueryResult result = new QueryResult(
                List.of(from("customers", "email"), from("customers", "card_number"), from("customers", "ssn"),
                        from("customers", "city")),
                List.of(List.of("ann@example.com", "4111111111111111", "536-90-4399", "Oslo")), -1, false);

        MaskedResult masked = engine.mask(result, List.of(rule("email", "email", MaskStrategy.PARTIAL),
                rule("card_number", "card", MaskStrategy.PARTIAL), rule("ssn", "ssn", MaskStrategy.REDACT)));

        assertThat(masked.rows()).containsExactly(List.of("***@example.com", "************1111", "[SSN]", "Oslo"));
        assertThat(masked.maskedCounts()).containsEntry("email", 1).containsEntry("card", 1).containsEntry("ssn", 1);
    }

    @Test
    void mask_whenColumnIsAliased_stillMasksBySource() {
        MaskedResult masked = maskOne(new ResultColumn("contact", Optional.of(CUSTOMERS), Optional.of("email")),
                "ann@example.com", rule("email", "email", MaskStrategy.NULL));

        assertThat(masked.rows().get(0)).containsExactly((Object) null);
        assertThat(masked.maskedCounts()).containsEntry("email", 1);
    }

    @Test
    void mask_whenColumnNameIsASecret_redactsWhateverItHolds() {
        MaskedResult masked = maskOne(from("users", "api_key"), "plain-looking-value");

        assertThat(masked.rows().get(0)).containsExactly("[SECRET]");
        assertThat(masked.maskedCounts()).containsEntry("secret", 1);
    }

    @ParameterizedTest
    @CsvSource({"token_count, 3", "otp_enabled, true", "cookie_consent, yes", "password_changed_at, 2026-01-01",
            "has_password, false", "token_type, Bearer"})
    void mask_whenColumnNameOnlyDescribesASecret_leavesItAlone(String column, String value) {
        assertThat(maskOne(from("users", column), value).rows().get(0)).containsExactly(value);
    }

    @ParameterizedTest
    @CsvSource({"cvv2, 123", "Password123, hunter2", "client_secret, abc"})
    void mask_whenColumnNameHoldsASecret_redactsIt(String column, String value) {
        assertThat(maskOne(from("users", column), value).rows().get(0)).containsExactly("[SECRET]");
    }

    @Test
    void mask_whenSecretNamedColumnIsAFlag_keepsTheBoolean() {
        assertThat(maskOne(from("users", "otp"), Boolean.TRUE).rows().get(0)).containsExactly(Boolean.TRUE);
    }

    @Test
    void maskText_whenValuesHaveThousandsOfFindings_staysLinear() {
        String text = "ann@example.com ".repeat(40_000);

        long started = System.nanoTime();
        String masked = engine.maskText(text);
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(masked).isEqualTo("[EMAIL] ".repeat(40_000));
        // Quadratic merging took seconds here; linear takes tens of milliseconds.
        assertThat(millis).as("ms for 40,000 findings").isLessThan(2_000);
    }

    @Test
    void mask_whenColumnHoldsADateOfBirth_redactsIt() {
        assertThat(maskOne(from("customers", "birth_date"), "1984-03-07").rows().get(0))
                .containsExactly("[DATE_OF_BIRTH]");
        assertThat(maskOne(ResultColumn.labelled("dob"), "1984-03-07",
                new ColumnMaskRule(Optional.empty(), "dob", "date_of_birth", MaskStrategy.PARTIAL)).rows().get(0))
                .containsExactly("1984-**-**");
    }

    @Test
    void mask_whenPseudonymised_equalValuesGetEqualTokensAndJoinsStillWork() {
        ColumnMaskRule pseudonym = rule("email", "email", MaskStrategy.PSEUDONYM);
        QueryResult result = new QueryResult(List.of(from("customers", "email")),
                List.of(List.of("Ann@Example.com"), List.of("ann@example.com "), List.of("bo@example.com")), -1, false);

        List<List<Object>> rows = engine.mask(result, List.of(pseudonym)).rows();

        assertThat(rows.get(0).get(0)).asString().matches("email_[0-9a-f]{16}");
        assertThat(rows.get(1).get(0)).isEqualTo(rows.get(0).get(0));
        assertThat(rows.get(2).get(0)).isNotEqualTo(rows.get(0).get(0));
        String otherKey = (String) MaskingEngine.builder().pseudonymKey(PseudonymKey.random()).build()
                .mask(result, List.of(pseudonym)).rows().get(0).get(0);
        assertThat(otherKey).isNotEqualTo(rows.get(0).get(0));
    }

    @Test
    void mask_whenPseudonymAskedWithoutAKey_failsClosed() {
        MaskingEngine keyless = MaskingEngine.withDefaultDetectors();

        assertThatThrownBy(() -> keyless.mask(new QueryResult(List.of(from("customers", "email")),
                List.of(List.of("ann@example.com")), -1, false),
                List.of(rule("email", "email", MaskStrategy.PSEUDONYM))))
                .hasMessageContaining("no pseudonym key");
        assertThat(keyless.canPseudonymise()).isFalse();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            phone        | (212) 555-0123          | (***) ***-0123
            iban         | GB82 WEST 1234 5698 7654 32 | **** **** **** **** **54 32
            ip_address   | 10.1.2.3                | 10.1.2.*
            ssn          | 536-90-4399             | ***-**-4399
            secret       | hunter2hunter2          | [SECRET]
            email        | not-an-email            | [EMAIL]
            jwt          | eyJhbGciOiJub25lIn0.e30. | [JWT]
            """)
    void partial_keepsOnlyWhatIdentifiesNobody(String type, String value, String expected) {
        assertThat(maskOne(ResultColumn.labelled("v"), value,
                new ColumnMaskRule(Optional.empty(), "v", type, MaskStrategy.PARTIAL)).rows().get(0))
                .containsExactly(expected);
    }

    @Test
    void mask_whenRuleBelongsToAnotherTable_detectorsStillCatchPersonalData() {
        MaskedResult masked = maskOne(from("orders", "email"), "bo@example.org",
                rule("email", "email", MaskStrategy.PARTIAL));

        assertThat(masked.rows()).containsExactly(List.of("[EMAIL]"));
    }

    @Test
    void mask_whenCardIsStoredAsNumberOrInAnArray_masksIt() {
        QueryResult result = new QueryResult(List.of(ResultColumn.labelled("n"), ResultColumn.labelled("total"),
                ResultColumn.labelled("contacts")),
                List.of(List.of(4111111111111111L, 42L, List.of("ann@example.com", "x"))), -1, false);

        assertThat(engine.mask(result, List.of()).rows())
                .containsExactly(List.of("[CARD]", 42L, List.of("[EMAIL]", "x")));
    }

    @Test
    void mask_whenCellsAreNull_keepsThemWithoutCounting() {
        MaskedResult masked = maskOne(from("customers", "email"), null, rule("email", "email", MaskStrategy.REDACT));

        assertThat(masked.rows().get(0)).containsExactly((Object) null);
        assertThat(masked.maskedCounts()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            update users set password = 'hunter2' where id = 7          | update users set password = '[SECRET]' where id = 7
            update users set "apiKey" = 'k-1', note = 'it''s' -- hunter2 | update users set "apiKey" = '[SECRET]', note = '[SECRET]'
            insert into users (name, pwd) values ('ann', $$hunter2$$)    | insert into users (name, pwd) values ('[SECRET]', '[SECRET]')
            select * from customers where birth_date = '1984-03-07'     | select * from customers where birth_date = '[DATE_OF_BIRTH]'
            select * from customers where city = 'Oslo'                 | select * from customers where city = 'Oslo'
            update users set password = E'it\\'s hunter2' where id = 1  | update users set password = '[SECRET]' where id = 1
            """)
    void maskStatement_whenStatementNamesASensitiveColumn_redactsEveryLiteral(String sql, String expected) {
        assertThat(engine.maskStatement(sql, List.of()).statement().strip()).isEqualTo(expected.strip());
    }

    @Test
    void maskStatement_whenStatementNamesASecret_redactsStringParameters() {
        var masked = engine.maskStatement("update users set password = ? where id = ? and email = ?",
                Arrays.asList("hunter2", 7, null));

        assertThat(masked.params()).containsExactly("[SECRET]", "7", "null");
        assertThat(engine.maskStatement("select * from t where email = ?", List.of("ann@example.com")).params())
                .containsExactly("[EMAIL]");
    }

    @Test
    void phoneRegion_whenSet_readsNationalNumbersOfThatRegion() {
        MaskingEngine british = MaskingEngine.builder().phoneRegion("GB").build();

        assertThat(british.maskText("ring 020 7946 0958 today")).isEqualTo("ring [PHONE] today");
        assertThatThrownBy(() -> MaskingEngine.builder().phoneRegion("uk"))
                .hasMessageContaining("'uk' is not a region").hasMessageContaining("GB");
    }

    @Test
    void pseudonymKey_neverPrintsItself() {
        assertThat(KEY.toString()).doesNotContain("0123456789abcdef");
    }
}
