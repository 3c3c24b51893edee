package dev.airlock.masking;

import dev.airlock.core.model.ColumnMaskRule;
import dev.airlock.core.model.JsonMaskRule;
import dev.airlock.core.model.MaskStrategy;
import dev.airlock.core.model.MaskedResult;
import dev.airlock.core.model.MaskedStatement;
import dev.airlock.core.model.QueryResult;
import dev.airlock.core.model.ResultColumn;
import dev.airlock.core.model.SourceColumn;
import dev.airlock.core.model.SqlLineage;
import dev.airlock.core.model.OutputLineage;
import dev.airlock.core.model.TableRef;
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
import java.util.Set;
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

    /**
     * Masks each result column by where Airlock's parse says its values come from. A column that
     * passes one source column through unchanged gets that column's rule as is (element by
     * element for an array of it). A column computed from a covered column or from a whole row
     * of a covered table cannot be partly shown or pseudonymised safely: it is redacted whole
     * under the rule's type, in every row, NULLs and booleans included (either may answer a
     * question about the value). Unknown lineage fails closed: every column the database does not
     * trace to one uncovered table column is redacted whole when any rule applies. Detectors then
     * scan every value left.
     */
    @Override
    public MaskedResult mask(QueryResult result, List<ColumnMaskRule> rules, SqlLineage lineage) {
        Map<String, Integer> counts = new TreeMap<>();
        ValueMasker values = new ValueMasker(scanner, masks, counts);
        List<ResultColumn> columns = result.columns();
        if (lineage.known() && lineage.mapped() && lineage.outputs().size() != columns.size()) {
            // The parse and the database disagree on the columns: trust no position.
            lineage = new SqlLineage(List.of(), lineage.sources(), lineage.wholeRows(), false, true);
        }
        List<Plan> plans = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            plans.add(plan(columns.get(i), lineage, i, rules));
        }
        List<List<Object>> rows = new ArrayList<>(result.rows().size());
        for (List<Object> row : result.rows()) {
            List<Object> masked = new ArrayList<>(row.size());
            for (int i = 0; i < row.size(); i++) {
                Plan plan = i < plans.size() ? plans.get(i) : new Whole(MaskStrategy.REDACT, "redacted");
                masked.add(apply(plan, row.get(i), values));
            }
            rows.add(Collections.unmodifiableList(masked));
        }
        List<String> labels = columns.stream().map(ResultColumn::label).toList();
        return new MaskedResult(labels, rows, result.rowsAffected(), result.truncated(), counts);
    }

    /** How one result column is masked. */
    private sealed interface Plan permits Direct, Whole, Detect {
    }

    /** The column is its source: the rule applies as written. */
    private record Direct(ColumnRule rule) implements Plan {
    }

    /** Every value is replaced whole, nulls included. */
    private record Whole(MaskStrategy strategy, String type) implements Plan {
    }

    /** No rule: detectors (and sensitive names) only. */
    private record Detect(Optional<ColumnRule> byName) implements Plan {
    }

    private static Plan plan(ResultColumn column, SqlLineage statement, int index, List<ColumnMaskRule> rules) {
        boolean traced = column.sourceColumn().isPresent();
        if (statement.known() && !statement.mapped() && traced) {
            // The parse could not map this column (select *): the database's trace is exact.
            SourceColumn source = new SourceColumn(column.sourceTable(), column.sourceColumn().get());
            return plan(column, Optional.of(new OutputLineage(true, Set.of(source), Set.of())), rules);
        }
        return plan(column, statement.output(index), rules);
    }

    /** {@code output} is the parse's lineage of the column, empty when it could not read the statement. */
    private static Plan plan(ResultColumn column, Optional<OutputLineage> output, List<ColumnMaskRule> rules) {
        if (output.isPresent()) {
            OutputLineage lineage = output.get();
            if (lineage.direct()) {
                SourceColumn source = lineage.sources().iterator().next();
                Optional<ColumnMaskRule> rule = rules.stream().filter(r -> covers(r, source)).findFirst();
                if (rule.isPresent()) {
                    return new Direct(new ColumnRule(rule.get().strategy(), rule.get().type()));
                }
                // The database's own trace and the column's name still count.
                return ruleFor(column, rules).<Plan>map(Direct::new)
                        .orElseGet(() -> SensitiveNames.typeOf(source.column())
                                .<Plan>map(type -> new Direct(new ColumnRule(MaskStrategy.REDACT, type)))
                                .orElse(new Detect(Optional.empty())));
            }
            Optional<ColumnMaskRule> covering = rules.stream().filter(r -> covers(r, lineage)).findFirst();
            if (covering.isPresent()) {
                return whole(covering.get());
            }
            Optional<String> named = lineage.sources().stream().map(s -> SensitiveNames.typeOf(s.column()))
                    .flatMap(Optional::stream).findFirst();
            if (named.isPresent()) {
                return new Whole(MaskStrategy.REDACT, named.get());
            }
            return new Detect(ruleFor(column, rules));
        }
        // Unknown lineage: only a column the database traces to one uncovered table column is let be.
        if (column.sourceColumn().isPresent()) {
            SourceColumn traced = new SourceColumn(column.sourceTable(), column.sourceColumn().get());
            Optional<ColumnMaskRule> rule = rules.stream().filter(r -> covers(r, traced)).findFirst();
            if (rule.isPresent()) {
                return whole(rule.get());
            }
            return new Detect(ruleFor(column, rules));
        }
        if (!rules.isEmpty()) {
            // Computed from anything the statement read: fail closed.
            return rules.size() == 1 ? whole(rules.getFirst()) : new Whole(MaskStrategy.REDACT, "redacted");
        }
        return new Detect(ruleFor(column, rules));
    }

    private static Whole whole(ColumnMaskRule rule) {
        // Only redaction (or removal) is safe for a value computed from a covered one.
        return new Whole(rule.strategy() == MaskStrategy.NULL ? MaskStrategy.NULL : MaskStrategy.REDACT, rule.type());
    }

    private Object apply(Plan plan, Object cell, ValueMasker values) {
        return switch (plan) {
            case Whole whole -> values.byRule(whole.strategy(), whole.type(), "");
            case Direct direct -> byDirectRule(direct.rule(), cell, values);
            case Detect detect -> detect.byName().isPresent() && cell != null && !(cell instanceof Boolean)
                    ? byDirectRule(detect.byName().get(), cell, values) : maskCell(cell, values);
        };
    }

    /** A direct column's rule; an array of the column is masked element by element. */
    private static Object byDirectRule(ColumnRule rule, Object cell, ValueMasker values) {
        if (cell == null || cell instanceof Boolean) {
            return cell;
        }
        if (cell instanceof List<?> list) {
            List<Object> masked = new ArrayList<>(list.size());
            list.forEach(item -> masked.add(byDirectRule(rule, item, values)));
            return Collections.unmodifiableList(masked);
        }
        return values.byRule(rule.strategy(), rule.type(), String.valueOf(cell));
    }

    private static boolean covers(ColumnMaskRule rule, SourceColumn source) {
        return source.table().isEmpty() ? rule.column().equals(source.column())
                : rule.covers(source.table(), source.column());
    }

    private static boolean covers(ColumnMaskRule rule, OutputLineage lineage) {
        for (SourceColumn source : lineage.sources()) {
            if (covers(rule, source)) {
                return true;
            }
        }
        for (TableRef table : lineage.wholeRows()) {
            if (rule.table().isEmpty() || rule.table().get().equals(table)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String maskText(String text) {
        return text == null ? null : new ValueMasker(scanner, masks, new TreeMap<>()).byDetectors(text);
    }

    @Override
    public MaskedStatement maskStatement(String sql, List<Object> params) {
        Optional<List<SqlText.Token>> tokens = SqlText.lex(sql);
        if (tokens.isEmpty()) {
            return unreadable(params);
        }
        Optional<String> sensitive = SqlText.sensitiveIdentifier(tokens.get(), sql);
        // Comments dropped (they may hold anything); detectors then redact what they recognise.
        String statement = maskText(SqlText.rewrite(sql, tokens.get(),
                literal -> sensitive.isPresent() ? quoted(Masks.redact(sensitive.get())) : literal, number -> null));
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

    /**
     * Before policy has named the masked columns any literal or parameter may be a masked value:
     * every one is redacted, under the type a detector finds in it or as {@code [REDACTED]}.
     */
    @Override
    public MaskedStatement maskStatementBlind(String sql, List<Object> params) {
        Optional<List<SqlText.Token>> tokens = SqlText.lex(sql);
        if (tokens.isEmpty()) {
            return unreadable(params);
        }
        String statement = SqlText.rewrite(sql, tokens.get(),
                literal -> quoted(blindLabel(SqlText.content(literal))),
                this::blindLabel);
        List<String> masked = new ArrayList<>(params.size());
        for (Object param : params) {
            masked.add(param == null ? "null" : blindLabel(String.valueOf(param)));
        }
        return new MaskedStatement(statement, masked);
    }

    /**
     * Once policy has decided: a statement that references a column a rule covers may compare,
     * assign or insert that column's value in any literal or parameter, so every one is redacted
     * under the rule's type; otherwise as {@link #maskStatement(String, List)}.
     */
    @Override
    public MaskedStatement maskStatement(String sql, List<Object> params, List<ColumnMaskRule> rules,
                                         Set<SourceColumn> columnsReferenced) {
        List<String> coveredTypes = rules.stream()
                .filter(rule -> columnsReferenced.stream().anyMatch(column -> coversReferenced(rule, column)))
                .map(ColumnMaskRule::type).distinct().toList();
        if (coveredTypes.isEmpty()) {
            return maskStatement(sql, params);
        }
        Optional<List<SqlText.Token>> tokens = SqlText.lex(sql);
        if (tokens.isEmpty()) {
            return unreadable(params);
        }
        // One masked column named: its label says what the literals may be; several: no single one does.
        String label = Masks.redact(coveredTypes.size() == 1 ? coveredTypes.get(0) : "redacted");
        String statement = SqlText.rewrite(sql, tokens.get(), literal -> quoted(label), number -> label);
        List<String> masked = new ArrayList<>(params.size());
        for (Object param : params) {
            masked.add(param == null ? "null" : label);
        }
        return new MaskedStatement(statement, masked);
    }

    private static String quoted(String label) {
        return "'" + label + "'";
    }

    private static boolean coversReferenced(ColumnMaskRule rule, SourceColumn column) {
        if (column.column().equals("*")) {
            // A whole row read or filtered holds every column of its table.
            return rule.table().isEmpty() || column.table().isEmpty() || rule.table().equals(column.table());
        }
        return column.table().isEmpty() ? rule.column().equals(column.column())
                : rule.covers(column.table(), column.column());
    }

    private String blindLabel(String value) {
        String masked = new ValueMasker(scanner, masks, new TreeMap<>()).wholeByDetectors(value.toCharArray(), 0,
                value.length());
        return masked != null ? masked : Masks.redact("redacted");
    }

    /** A statement that does not lex is shown not at all, and its parameters not either. */
    private static MaskedStatement unreadable(List<Object> params) {
        List<String> masked = new ArrayList<>(params.size());
        for (Object param : params) {
            masked.add(param == null ? "null" : Masks.redact("redacted"));
        }
        return new MaskedStatement(SqlText.UNREADABLE, masked);
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
