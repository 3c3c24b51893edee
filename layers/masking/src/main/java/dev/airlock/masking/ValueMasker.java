package dev.airlock.masking;

import dev.airlock.core.model.MaskStrategy;

import java.util.List;
import java.util.Map;

/**
 * Masks one value at a time and counts what it masked: by a rule (a policy's column or field
 * rule, or a sensitive name) when one applies, else by the detectors.
 */
final class ValueMasker {
    private final TextScanner scanner;
    private final Masks masks;
    private final Map<String, Integer> counts;

    ValueMasker(TextScanner scanner, Masks masks, Map<String, Integer> counts) {
        this.scanner = scanner;
        this.masks = masks;
        this.counts = counts;
    }

    /** The whole value replaced as the rule says (null for the null strategy). */
    String byRule(MaskStrategy strategy, String type, String value) {
        count(type);
        return masks.apply(strategy, type, value);
    }

    /** The text with every detected value redacted, or the same text when nothing was found. */
    String byDetectors(String text) {
        char[] chars = text.toCharArray();
        String masked = byDetectors(chars, 0, chars.length);
        return masked == null ? text : masked;
    }

    /** The masked text, or null when the detectors found nothing (so the caller can copy it as is). */
    String byDetectors(char[] a, int from, int to) {
        List<Finding> findings = scanner.scan(a, from, to);
        if (findings.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder(to - from);
        int cursor = from;
        for (Finding f : findings) {
            out.append(a, cursor, f.start() - cursor);
            out.append(masks.applyInText(MaskStrategy.REDACT, f.type(), null));
            count(f.type());
            cursor = f.end();
        }
        return out.append(a, cursor, to - cursor).toString();
    }

    /**
     * A number is one value: if the detectors find anything in it, all of it goes
     * ({@code 4111111111111111.0} becomes {@code [CARD]}, not {@code [CARD].0}); null if nothing.
     */
    String wholeByDetectors(char[] a, int from, int to) {
        List<Finding> findings = scanner.scan(a, from, to);
        if (findings.isEmpty()) {
            return null;
        }
        findings.forEach(f -> count(f.type()));
        return masks.applyInText(MaskStrategy.REDACT, findings.getFirst().type(), null);
    }

    private void count(String type) {
        counts.merge(type, 1, Integer::sum);
    }
}
