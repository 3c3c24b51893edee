package dev.airlock.masking;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The prescan's shortcut may skip a value only when no detector could match it. */
class PrescanTest {
    private static final TextScanner SCANNER = TextScanner.withAllDetectors("US");

    private static boolean anyDetectorMightMatch(String text) {
        char[] a = text.toCharArray();
        Prescan complete = Prescan.complete(a, 0, a.length);
        return SCANNER.detectors().stream().anyMatch(d -> d.mightMatch(complete));
    }

    private static List<String> detectorsThatMightMatch(Prescan prescan) {
        return SCANNER.detectors().stream().filter(d -> d.mightMatch(prescan)).map(Detector::type).toList();
    }

    private static boolean shortcut(String text) {
        char[] a = text.toCharArray();
        return Prescan.of(a, 0, a.length).nothingToFind();
    }

    @Test
    void of_whenShortcutOrLazyShapes_agreesWithTheCompletePrescan() {
        // Mostly letters and dots, sometimes digits and marks, so both sides of the line are hit.
        String common = "abcdefgheyJ ABCDEFGHIJKLMNOPQRSTUVWXYZ.......,;'!?";
        String rare = "0123456789@:-";
        Random random = new Random(7);
        int skipped = 0;
        for (int n = 0; n < 200_000; n++) {
            StringBuilder s = new StringBuilder();
            int length = 7 + random.nextInt(60);
            for (int i = 0; i < length; i++) {
                String from = random.nextInt(8) == 0 ? rare : common;
                char c = from.charAt(random.nextInt(from.length()));
                s.append(random.nextInt(3) == 0 ? c : Character.toLowerCase(c));
            }
            String text = s.toString();
            if (shortcut(text)) {
                skipped++;
                assertThat(anyDetectorMightMatch(text)).as(text).isFalse();
            } else {
                char[] a = text.toCharArray();
                assertThat(detectorsThatMightMatch(Prescan.of(a, 0, a.length))).as(text)
                        .isEqualTo(detectorsThatMightMatch(Prescan.complete(a, 0, a.length)));
            }
        }
        assertThat(skipped).as("the shortcut was exercised").isGreaterThan(10_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"AKIAIOSFODNN7EXAMPLE", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.", "ann@example.org",
            "::1", "-----BEGIN PRIVATE KEY-----", "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMN"})
    void nothingToFind_whenValueHasWhatADetectorNeeds_isFalse(String text) {
        assertThat(shortcut(text)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Leave at the front door", "Leon Tromp", "SHIPPED", "Gift wrap, no invoice.",
            "ord-100123", "SKU-1234", "v1.2.3"})
    void nothingToFind_whenValueIsWords_isTrue(String text) {
        assertThat(shortcut(text)).isTrue();
    }
}
