package dev.airlock.masking;

import dev.airlock.core.model.JsonMaskRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Field rules for JSON ({@code $.a.b}, {@code $.items[*].email}, {@code $..email}), matched
 * against where a value sits. Matching compares a rule with the tail of the path only, so its
 * cost does not grow with how deep the document nests.
 */
final class JsonPaths {
    /** One step into a document: into an object field, or into an array element. */
    static final String ARRAY = "[*]";

    private record Compiled(JsonMaskRule rule, boolean anywhere, List<String> steps) {
    }

    private final List<Compiled> rules;

    JsonPaths(List<JsonMaskRule> rules) {
        List<Compiled> compiled = new ArrayList<>();
        for (JsonMaskRule rule : rules) {
            String path = rule.path();
            boolean anywhere = path.startsWith("$..");
            List<String> steps = new ArrayList<>();
            String rest = path.substring(anywhere ? 3 : 1);
            StringBuilder name = new StringBuilder();
            for (int i = 0; i < rest.length(); i++) {
                char c = rest.charAt(i);
                if (c == '.' || c == '[') {
                    if (!name.isEmpty()) {
                        steps.add(name.toString());
                        name.setLength(0);
                    }
                    if (c == '[') {
                        steps.add(ARRAY);
                        i = rest.indexOf(']', i);
                    }
                } else {
                    name.append(c);
                }
            }
            if (!name.isEmpty()) {
                steps.add(name.toString());
            }
            compiled.add(new Compiled(rule, anywhere, List.copyOf(steps)));
        }
        this.rules = List.copyOf(compiled);
    }

    boolean isEmpty() {
        return rules.isEmpty();
    }

    /** The first rule for a value at {@code path} (its steps, outermost first, {@code depth} of them). */
    Optional<JsonMaskRule> ruleAt(String[] path, int depth) {
        for (Compiled compiled : rules) {
            List<String> steps = compiled.steps();
            if (steps.size() > depth || (!compiled.anywhere() && steps.size() != depth)) {
                continue;
            }
            boolean matches = true;
            for (int i = 0; i < steps.size() && matches; i++) {
                matches = steps.get(steps.size() - 1 - i).equals(path[depth - 1 - i]);
            }
            if (matches) {
                return Optional.of(compiled.rule());
            }
        }
        return Optional.empty();
    }
}
