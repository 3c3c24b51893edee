package dev.airlock.masking;

import dev.airlock.core.model.ColumnMaskRule;
import dev.airlock.core.model.JsonMaskRule;
import dev.airlock.core.model.MaskStrategy;
import dev.airlock.core.model.MaskedResult;
import dev.airlock.core.model.MaskedStatement;
import dev.airlock.core.model.QueryResult;
import dev.airlock.core.model.ResultColumn;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.airlock.core.port.ResponseMasker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One masking engine for SQL result sets, JSON documents and free text. For each value:
 * a policy rule for its column or JSON field decides first; then a sensitive name (a
 * {@code password} column, a {@code birth_date} field); then the content detectors (cards,
 * IBANs, SSNs, emails, IP addresses, phone numbers, AWS keys, JWTs, private keys) redact
 * whatever they find anywhere else. docs/masking.md describes each detector and strategy.
 */
public final class MaskingEngine implements ResponseMasker {
    private final TextScanner scanner;
    private final Masks masks;

    private MaskingEngine(Builder builder) {
        this.scanner = TextScanner.withAllDetectors(builder.phoneRegion);
        this.masks = new Masks(Optional.ofNullable(builder.pseudonymKey));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every detector, US numbering for phone numbers without a country code, no pseudonyms. */
    public static MaskingEngine withDefaultDetectors() {
        return builder().build();
    }

    /** Whether this engine can honour the pseudonym strategy (it has a key). */
    public boolean canPseudonymise() {
        return masks.canPseudonymise();
    }

    /** The types the detectors count findings under. */
    public List<String> detectorTypes() {
        return scanner.types();
    }

    @Override
    public MaskedResult mask(QueryResult result, List<ColumnMaskRule> rules) {
        Map<String, Integer> counts = new TreeMap<>();
        ValueMasker values = new ValueMasker(scanner, masks, counts);
        List<ResultColumn> columns = result.columns();
        List<Optional<ColumnRule>> columnRules = columns.stream().map(c -> ruleFor(c, rules)).toList();
        List<List<Object>> rows = new ArrayList<>(result.rows().size());
        for (List<Object> row : result.rows()) {
            List<Object> masked = new ArrayList<>(row.size());
            for (int i = 0; i < row.size(); i++) {
                Object cell = row.get(i);
                Optional<ColumnRule> rule = i < columnRules.size() ? columnRules.get(i) : Optional.empty();
                // A yes/no flag holds no secret, whatever its column is called.
                if (cell != null && rule.isPresent() && !(cell instanceof Boolean)) {
                    masked.add(values.byRule(rule.get().strategy(), rule.get().type(), String.valueOf(cell)));
                } else {
                    masked.add(maskCell(cell, values));
                }
            }
            rows.add(Collections.unmodifiableList(masked));
        }
        List<String> labels = columns.stream().map(ResultColumn::label).toList();
        return new MaskedResult(labels, rows, result.rowsAffected(), result.truncated(), counts);
    }

    @Override
    public String maskText(String text) {
        return text == null ? null : new ValueMasker(scanner, masks, new TreeMap<>()).byDetectors(text);
    }

    @Override
    public MaskedStatement maskStatement(String sql, List<Object> params) {
        Optional<String> sensitive = SqlText.sensitiveIdentifier(sql);
        String statement = maskText(sensitive.isPresent()
                ? SqlText.redactLiterals(sql, Masks.redact(sensitive.get())) : sql);
        List<String> masked = new ArrayList<>(params.size());
        for (Object param : params) {
            if (param == null) {
                masked.add("null");
            } else if (sensitive.isPresent() && param instanceof String) {
                masked.add(Masks.redact(sensitive.get()));
            } else {
                masked.add(maskText(String.valueOf(param)));
            }
        }
        return new MaskedStatement(statement, masked);
    }

    @Override
    public Map<String, Integer> maskJson(InputStream in, OutputStream out, List<JsonMaskRule> rules)
            throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        new JsonMasker(new JsonPaths(rules), new ValueMasker(scanner, masks, counts)).mask(in, out);
        return counts;
    }

    private record ColumnRule(MaskStrategy strategy, String type) {
    }

    /**
     * A policy rule covers a column by where its values came from, or by its label when the
     * database cannot tell (an expression, so {@code lower(email) AS email} is still masked);
     * failing that, a sensitive column name is a rule of its own.
     */
    private static Optional<ColumnRule> ruleFor(ResultColumn column, List<ColumnMaskRule> rules) {
        for (ColumnMaskRule rule : rules) {
            boolean covers = column.sourceColumn().isPresent()
                    ? rule.covers(column.sourceTable(), column.sourceColumn().get())
                    : rule.column().equalsIgnoreCase(column.label());
            if (covers) {
                return Optional.of(new ColumnRule(rule.strategy(), rule.type()));
            }
        }
        Optional<String> named = column.sourceColumn().flatMap(SensitiveNames::typeOf)
                .or(() -> SensitiveNames.typeOf(column.label()));
        return named.map(type -> new ColumnRule(MaskStrategy.REDACT, type));
    }

    private static Object maskCell(Object cell, ValueMasker values) {
        if (cell instanceof String s) {
            return values.byDetectors(s);
        }
        // A card number stored as a number is still a card number.
        if (cell instanceof Long || cell instanceof BigInteger || cell instanceof BigDecimal) {
            String digits = cell.toString();
            if (digits.length() >= 13) {
                String masked = values.byDetectors(digits);
                return masked.equals(digits) ? cell : masked;
            }
        }
        if (cell instanceof List<?> list) {
            List<Object> masked = new ArrayList<>(list.size());
            list.forEach(item -> masked.add(maskCell(item, values)));
            return Collections.unmodifiableList(masked);
        }
        return cell;
    }

    /** Builds an engine; only the pseudonym key needs a decision. */
    public static final class Builder {
        private PseudonymKey pseudonymKey;
        private String phoneRegion = "US";

        private Builder() {
        }

        /** The deployment's key for the pseudonym strategy; without one, that strategy fails closed. */
        public Builder pseudonymKey(PseudonymKey key) {
            this.pseudonymKey = Objects.requireNonNull(key, "key");
            return this;
        }

        /**
         * The region phone numbers without a country code are read in (default US).
         *
         * @throws IllegalArgumentException if libphonenumber does not know the region
         */
        public Builder phoneRegion(String region) {
            Objects.requireNonNull(region, "region");
            if (!PhoneNumberUtil.getInstance().getSupportedRegions().contains(region)) {
                throw new IllegalArgumentException("'" + region + "' is not a region phone numbers can be read in: use "
                        + "an upper-case ISO 3166 code such as US, GB, DE or IN.");
            }
            this.phoneRegion = region;
            return this;
        }

        public MaskingEngine build() {
            return new MaskingEngine(this);
        }
    }
}
