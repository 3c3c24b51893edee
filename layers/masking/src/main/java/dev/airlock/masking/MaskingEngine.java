package dev.airlock.masking;

import dev.airlock.core.model.ColumnMaskRule;
import dev.airlock.core.model.MaskStrategy;
import dev.airlock.core.model.MaskedResult;
import dev.airlock.core.model.QueryResult;
import dev.airlock.core.model.ResultColumn;
import dev.airlock.core.port.ResponseMasker;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Masks results with column rules from policy first, then content detectors on every other
 * string, so personal data is caught even in columns no rule names. Detectors earlier in the
 * list win where findings overlap.
 */
public final class MaskingEngine implements ResponseMasker {
    private final List<Detector> detectors;

    private MaskingEngine(List<Detector> detectors) {
        this.detectors = List.copyOf(detectors);
    }

    /** Cards, SSNs, emails and phone numbers (US numbering for numbers without a country code). */
    public static MaskingEngine withDefaultDetectors() {
        return new MaskingEngine(List.of(new PaymentCardDetector(), new UsSsnDetector(), new EmailDetector(),
                new PhoneNumberDetector("US")));
    }

    @Override
    public MaskedResult mask(QueryResult result, List<ColumnMaskRule> rules) {
        List<ResultColumn> columns = result.columns();
        List<Optional<ColumnMaskRule>> columnRules = columns.stream().map(c -> ruleFor(c, rules)).toList();
        Map<String, Integer> counts = new TreeMap<>();
        List<List<Object>> rows = new ArrayList<>(result.rows().size());
        for (List<Object> row : result.rows()) {
            List<Object> masked = new ArrayList<>(row.size());
            for (int i = 0; i < row.size(); i++) {
                Object cell = row.get(i);
                Optional<ColumnMaskRule> rule = i < columnRules.size() ? columnRules.get(i) : Optional.empty();
                if (cell != null && rule.isPresent()) {
                    ColumnMaskRule r = rule.get();
                    masked.add(MaskStrategies.apply(r.strategy(), r.type(), String.valueOf(cell)));
                    counts.merge(r.type(), 1, Integer::sum);
                } else {
                    masked.add(maskCell(cell, counts));
                }
            }
            rows.add(java.util.Collections.unmodifiableList(masked));
        }
        List<String> labels = columns.stream().map(ResultColumn::label).toList();
        return new MaskedResult(labels, rows, result.rowsAffected(), result.truncated(), counts);
    }

    @Override
    public String maskText(String text) {
        return text == null ? null : maskString(text, new TreeMap<>());
    }

    /**
     * A rule covers a column by where its values came from; when the database cannot tell (an
     * expression), by its label, so that {@code lower(email) AS email} is still masked.
     */
    private static Optional<ColumnMaskRule> ruleFor(ResultColumn column, List<ColumnMaskRule> rules) {
        for (ColumnMaskRule rule : rules) {
            if (column.sourceColumn().isPresent()) {
                if (rule.covers(column.sourceTable(), column.sourceColumn().get())) {
                    return Optional.of(rule);
                }
            } else if (rule.column().equalsIgnoreCase(column.label())) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    private Object maskCell(Object cell, Map<String, Integer> counts) {
        if (cell instanceof String s) {
            return maskString(s, counts);
        }
        // A card number stored as a number is still a card number.
        if (cell instanceof Long || cell instanceof BigInteger || cell instanceof BigDecimal) {
            String digits = cell.toString();
            if (digits.length() >= 9) {
                String masked = maskString(digits, counts);
                return masked.equals(digits) ? cell : masked;
            }
        }
        return cell;
    }

    private String maskString(String text, Map<String, Integer> counts) {
        if (text.isEmpty()) {
            return text;
        }
        List<Finding> kept = new ArrayList<>();
        List<Finding> found = new ArrayList<>();
        for (Detector detector : detectors) {
            found.clear();
            detector.scan(text, found);
            for (Finding f : found) {
                if (kept.stream().noneMatch(f::overlaps)) {
                    kept.add(f);
                }
            }
        }
        if (kept.isEmpty()) {
            return text;
        }
        kept.sort(Comparator.comparingInt(Finding::start));
        StringBuilder out = new StringBuilder(text.length());
        int cursor = 0;
        for (Finding f : kept) {
            out.append(text, cursor, f.start()).append(MaskStrategies.apply(MaskStrategy.REDACT, f.type(), null));
            counts.merge(f.type(), 1, Integer::sum);
            cursor = f.end();
        }
        return out.append(text, cursor, text.length()).toString();
    }
}
