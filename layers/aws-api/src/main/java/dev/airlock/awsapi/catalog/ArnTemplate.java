package dev.airlock.awsapi.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A resource template's ARN read into literal text and placeholders, once, so the loader checks
 * exactly what the resolver expands.
 */
public record ArnTemplate(List<Part> parts) {
    /** The filters a placeholder may name after {@code |}. */
    public static final Set<String> FILTERS = Set.of("s3-copy-source", "sqs-queue-name", "ssm-parameter", "logs-group");
    /** The placeholders the target fills. */
    public static final Set<String> TARGET_VALUES = Set.of("partition", "region", "account");

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    public ArnTemplate {
        parts = List.copyOf(parts);
    }

    public sealed interface Part {
    }

    public record Literal(String text) implements Part {
    }

    /** {@code {partition}}, {@code {region}} or {@code {account}}. */
    public record TargetValue(String name) implements Part {
    }

    /**
     * An input path: each step a member name, optionally {@code []} (one value per list element), or
     * {@code *} (one value per map key).
     */
    public record InputPath(List<Step> steps, String filter) implements Part {
        public InputPath {
            steps = List.copyOf(steps);
        }

        /** Whether the path can name more than one value. */
        public boolean many() {
            return steps.stream().anyMatch(s -> s.eachElement() || s.eachKey());
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder();
            for (Step s : steps) {
                out.append(out.isEmpty() ? "" : ".").append(s.eachKey() ? "*" : s.name() + (s.eachElement() ? "[]" : ""));
            }
            return filter == null ? out.toString() : out + "|" + filter;
        }
    }

    /** One step of a path: a member ({@code name}, with {@code eachElement} for {@code name[]}) or {@code *}. */
    public record Step(String name, boolean eachElement, boolean eachKey) {
    }

    /** Reads a template; throws {@link IllegalArgumentException} saying what is wrong. */
    public static ArnTemplate parse(String arn) {
        if (!arn.startsWith("arn:")) {
            throw new IllegalArgumentException("ARN template '" + arn + "' does not start with 'arn:'");
        }
        List<Part> parts = new ArrayList<>();
        int i = 0;
        while (i < arn.length()) {
            int open = arn.indexOf('{', i);
            int close = arn.indexOf('}', i);
            if (close >= 0 && (open < 0 || close < open)) {
                throw new IllegalArgumentException("ARN template '" + arn + "' has '}' without '{'");
            }
            if (open < 0) {
                parts.add(new Literal(arn.substring(i)));
                break;
            }
            if (open > i) {
                parts.add(new Literal(arn.substring(i, open)));
            }
            if (close < 0) {
                throw new IllegalArgumentException("ARN template '" + arn + "' has '{' without '}'");
            }
            parts.add(placeholder(arn, arn.substring(open + 1, close)));
            i = close + 1;
        }
        return new ArnTemplate(parts);
    }

    private static Part placeholder(String arn, String body) {
        if (TARGET_VALUES.contains(body)) {
            return new TargetValue(body);
        }
        String path = body;
        String filter = null;
        int bar = body.indexOf('|');
        if (bar >= 0) {
            path = body.substring(0, bar);
            filter = body.substring(bar + 1);
            if (!FILTERS.contains(filter)) {
                throw new IllegalArgumentException("ARN template '" + arn + "' names unknown filter '" + filter
                        + "'; known: " + FILTERS);
            }
        }
        List<Step> steps = new ArrayList<>();
        for (String raw : path.split("\\.", -1)) {
            if (raw.equals("*")) {
                if (steps.isEmpty()) {
                    throw new IllegalArgumentException("ARN template '" + arn + "' starts a path with '*'");
                }
                steps.add(new Step("*", false, true));
                continue;
            }
            boolean each = raw.endsWith("[]");
            String name = each ? raw.substring(0, raw.length() - 2) : raw;
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("ARN template '" + arn + "' has a malformed placeholder '{" + body
                        + "}'");
            }
            steps.add(new Step(name, each, false));
        }
        return new InputPath(steps, filter);
    }
}
