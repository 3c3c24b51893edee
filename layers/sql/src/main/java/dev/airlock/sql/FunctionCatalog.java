package dev.airlock.sql;

import dev.airlock.core.model.RiskClass;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The PostgreSQL functions Airlock knows, as an allow-list: pure functions any statement may
 * call, and restricted ones that policy must name. A function in neither is unknown, and so is
 * the statement that calls it. Both lists are resource files next to this class.
 */
final class FunctionCatalog {
    /** What calling a function means for policy. */
    sealed interface Verdict {
        record Pure() implements Verdict {
        }

        record Restricted(RiskClass risk) implements Verdict {
        }

        record Unknown() implements Verdict {
        }
    }

    /** Aggregates that fold many rows into one value, which a row cap alone does not cover. */
    private static final Set<String> FOLDING_AGGREGATES = Set.of("array_agg", "string_agg", "json_agg", "jsonb_agg",
            "json_object_agg", "jsonb_object_agg", "json_agg_strict", "jsonb_agg_strict", "json_object_agg_strict",
            "jsonb_object_agg_strict", "json_object_agg_unique", "jsonb_object_agg_unique",
            "json_object_agg_unique_strict", "jsonb_object_agg_unique_strict", "json_arrayagg", "json_objectagg",
            "xmlagg", "range_agg", "range_intersect_agg", "tsvector_agg", "group_concat");

    private static final FunctionCatalog POSTGRESQL = load();

    private final Set<String> pure;
    private final Map<String, RiskClass> restricted;

    private FunctionCatalog(Set<String> pure, Map<String, RiskClass> restricted) {
        this.pure = pure;
        this.restricted = restricted;
    }

    static FunctionCatalog postgresql() {
        return POSTGRESQL;
    }

    Verdict verdict(FunctionNames.Resolved function) {
        if (!function.builtIn()) {
            // A user-defined function can do anything its body does.
            return new Verdict.Unknown();
        }
        RiskClass risk = restricted.get(function.name());
        if (risk != null) {
            return new Verdict.Restricted(risk);
        }
        return pure.contains(function.name()) ? new Verdict.Pure() : new Verdict.Unknown();
    }

    /** Whether a name, wherever it stands, is one of the restricted built-ins. */
    boolean isRestricted(String name) {
        return restricted.containsKey(name);
    }

    static boolean folds(String baseName) {
        return FOLDING_AGGREGATES.contains(baseName);
    }

    private static FunctionCatalog load() {
        Set<String> pure = new HashSet<>();
        for (String line : lines("pure-functions.txt")) {
            for (String name : line.split("\\s+")) {
                if (!name.isEmpty()) {
                    pure.add(name);
                }
            }
        }
        Map<String, RiskClass> restricted = new HashMap<>();
        for (String line : lines("restricted-functions.txt")) {
            String[] fields = line.split("\\s+");
            if (fields.length != 2) {
                throw new IllegalStateException("restricted-functions.txt: expected 'name risk' in: " + line);
            }
            restricted.put(fields[0], RiskClass.valueOf(fields[1].toUpperCase(Locale.ROOT)));
        }
        Set<String> both = new HashSet<>(pure);
        both.retainAll(restricted.keySet());
        if (!both.isEmpty()) {
            throw new IllegalStateException("functions both pure and restricted: " + both);
        }
        return new FunctionCatalog(Set.copyOf(pure), Map.copyOf(restricted));
    }

    private static java.util.List<String> lines(String resource) {
        try (InputStream in = FunctionCatalog.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Optional<RiskClass> riskIfRestricted(Verdict verdict) {
        return verdict instanceof Verdict.Restricted r ? Optional.of(r.risk()) : Optional.empty();
    }
}
