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
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class MaskingEngineTest {
    private static final TableRef CUSTOMERS = TableRef.of(null, "customers");
    private final MaskingEngine engine = MaskingEngine.withDefaultDetectors();

    private static ResultColumn from(String table, String column) {
        return new ResultColumn(column, Optional.of(TableRef.of(null, table)), Optional.of(column));
    }

    private static ColumnMaskRule rule(String column, String type, MaskStrategy strategy) {
        return new ColumnMaskRule(Optional.of(CUSTOMERS), column, type, strategy);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            write to ann.lee@example.com today           | write to [EMAIL] today
            card 4111 1111 1111 1111 on file              | card [CARD] on file
            card 5500-0000-0000-0004                      | card [CARD]
            ssn 123-45-6789.                              | ssn [SSN].
            call +1 212-555-0123 now                      | call [PHONE] now
            call (212) 555-0123                           | call [PHONE]
            London +44 20 7946 0958                       | London [PHONE]
            """)
    void maskText_whenTextHoldsPersonalData_redactsWithType(String text, String expected) {
        assertThat(engine.maskText(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "order 4111111111111112 shipped",        // fails Luhn
            "id 550e8400-e29b-41d4-a716-446655440000",
            "at 2026-11-24T10:15:30Z",
            "version 10.2.3-rc1",
            "ssn-like 000-12-3456 and 666-12-3456 and 900-12-3456",
            "user@localhost has no public domain",
            "ISBN 978-3-16-148410-0",
            "12345678901234567890123 a long digit run"})
    void maskText_whenTextOnlyLooksSensitive_leavesItAlone(String text) {
        assertThat(engine.maskText(text)).isEqualTo(text);
    }

    @Test
    void mask_whenColumnRuleApplies_usesItsStrategyAndCountsItsType() {
        QueryResult result = new QueryResult(
                List.of(from("customers", "email"), from("customers", "card_number"), from("customers", "ssn"),
                        from("customers", "city")),
                List.of(List.of("ann@example.com", "4111111111111111", "123-45-6789", "Oslo")), -1, false);

        MaskedResult masked = engine.mask(result, List.of(
                rule("email", "email", MaskStrategy.PARTIAL),
                rule("card_number", "card", MaskStrategy.PARTIAL),
                rule("ssn", "ssn", MaskStrategy.REDACT)));

        assertThat(masked.rows()).containsExactly(List.of("***@example.com", "************1111", "[SSN]", "Oslo"));
        assertThat(masked.maskedCounts()).containsEntry("email", 1).containsEntry("card", 1).containsEntry("ssn", 1);
        assertThat(masked.columns()).containsExactly("email", "card_number", "ssn", "city");
    }

    @Test
    void mask_whenColumnIsAliased_stillMasksBySource() {
        QueryResult result = new QueryResult(
                List.of(new ResultColumn("contact", Optional.of(CUSTOMERS), Optional.of("email"))),
                List.of(List.of("ann@example.com")), -1, false);

        MaskedResult masked = engine.mask(result, List.of(rule("email", "email", MaskStrategy.NULL)));

        assertThat(masked.rows().get(0)).containsExactly((Object) null);
        assertThat(masked.maskedCounts()).containsEntry("email", 1);
    }

    @Test
    void mask_whenRuleBelongsToAnotherTable_detectorsStillCatchPersonalData() {
        QueryResult result = new QueryResult(List.of(from("orders", "email")),
                List.of(List.of("bo@example.org")), -1, false);

        MaskedResult masked = engine.mask(result, List.of(rule("email", "email", MaskStrategy.PARTIAL)));

        assertThat(masked.rows()).containsExactly(List.of("[EMAIL]"));
    }

    @Test
    void mask_whenCardIsStoredAsNumber_masksIt() {
        QueryResult result = new QueryResult(List.of(ResultColumn.labelled("n"), ResultColumn.labelled("total")),
                List.of(List.of(4111111111111111L, 42L)), -1, false);

        assertThat(engine.mask(result, List.of()).rows()).containsExactly(List.of("[CARD]", 42L));
    }

    @Test
    void mask_whenCellsAreNull_keepsThemWithoutCounting() {
        QueryResult result = new QueryResult(List.of(from("customers", "email")),
                List.of(Arrays.asList((Object) null)), -1, false);

        MaskedResult masked = engine.mask(result, List.of(rule("email", "email", MaskStrategy.REDACT)));

        assertThat(masked.rows().get(0)).containsExactly((Object) null);
        assertThat(masked.maskedCounts()).isEmpty();
    }

    @Test
    void mask_whenPhoneIsPartial_keepsFormatAndLastFourDigits() {
        QueryResult result = new QueryResult(List.of(from("customers", "phone")),
                List.of(List.of("(212) 555-0123")), -1, false);

        assertThat(engine.mask(result, List.of(rule("phone", "phone", MaskStrategy.PARTIAL))).rows())
                .containsExactly(List.of("(***) ***-0123"));
    }

    @Test
    void maskText_whenInputIsAdversarial_finishesQuickly() {
        String manyAts = "a@".repeat(50_000);
        String digits = "1".repeat(100_000);
        long start = System.nanoTime();

        engine.maskText(manyAts);
        engine.maskText(digits);

        assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds").isLessThan(5_000);
    }
}
