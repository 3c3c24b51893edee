package dev.airlock.sql;

import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.SqlDialect;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.execute.Execute;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The functions a statement calls, as policy sees them: their names, the restricted ones with
 * the risk each adds, and the first one Airlock does not know (which makes the statement unknown).
 *
 * @param names      every function called, by the name the database resolves, without schema
 * @param restricted restricted functions called, with the risk each adds
 * @param unknown    a function that is neither pure nor restricted, as written after decoding
 */
record Calls(List<String> names, Map<String, RiskClass> restricted, Optional<String> unknown) {

    /** PostgreSQL: every name resolved as the database resolves it, then looked up in the catalog. */
    static Calls postgres(List<String> writtenFunctions, List<PostgresLexer.Token> tokens, Statement statement) {
        FunctionCatalog catalog = FunctionCatalog.postgresql();
        Set<String> names = new LinkedHashSet<>();
        Map<String, RiskClass> restricted = new LinkedHashMap<>();
        String unknown = null;
        for (String written : writtenFunctions) {
            Optional<FunctionNames.Resolved> resolved = FunctionNames.resolve(written);
            if (resolved.isEmpty()) {
                unknown = unknown == null ? written : unknown;
                continue;
            }
            FunctionNames.Resolved function = resolved.get();
            names.add(function.name());
            switch (catalog.verdict(function)) {
                case FunctionCatalog.Verdict.Restricted r -> restricted.putIfAbsent(function.name(), r.risk());
                case FunctionCatalog.Verdict.Unknown u -> unknown = unknown == null ? function.display() : unknown;
                case FunctionCatalog.Verdict.Pure p -> {
                    // computes a value, nothing more
                }
            }
        }
        // A second look, at the tokens: a restricted name followed by "(" is a call, whether or
        // not the parser's tree shows it as one.
        for (int k = 0; k + 1 < tokens.size(); k++) {
            PostgresLexer.Token token = tokens.get(k);
            boolean name = token.type() == PostgresLexer.Type.WORD
                    || token.type() == PostgresLexer.Type.QUOTED_IDENTIFIER;
            if (name && tokens.get(k + 1).is(PostgresLexer.Type.PUNCTUATION, "(")
                    && catalog.isRestricted(token.value())) {
                names.add(token.value());
                restricted.putIfAbsent(token.value(), catalog.verdict(new FunctionNames.Resolved("", token.value()))
                        instanceof FunctionCatalog.Verdict.Restricted r ? r.risk() : RiskClass.UNKNOWN);
            }
        }
        procedure(statement, SqlDialect.POSTGRESQL).ifPresent(names::add);
        return new Calls(List.copyOf(names), restricted, Optional.ofNullable(unknown));
    }

    /** MySQL keeps its deny-list of functions with side effects. */
    static Calls mysql(List<String> functions, Statement statement) {
        List<String> names = new ArrayList<>(functions);
        procedure(statement, SqlDialect.MYSQL).ifPresent(names::add);
        Map<String, RiskClass> restricted = new LinkedHashMap<>();
        for (String function : names) {
            SideEffectFunctions.riskOf(function, SqlDialect.MYSQL).ifPresent(r -> restricted.put(function, r));
        }
        return new Calls(names.stream().distinct().toList(), restricted, Optional.empty());
    }

    /** The procedure a CALL names: policy decides on it with sql:call, so it need not be on any list. */
    private static Optional<String> procedure(Statement statement, SqlDialect dialect) {
        if (statement instanceof Execute execute && execute.getName() != null) {
            return Optional.of(SideEffectFunctions.baseName(execute.getName(), dialect));
        }
        return Optional.empty();
    }
}
