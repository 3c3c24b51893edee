package dev.airlock.policy;

import dev.airlock.core.model.ColumnMaskRule;
import dev.airlock.core.model.MaskStrategy;
import dev.airlock.core.model.TableRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a permit policy asks for beyond "allow", read from its annotations:
 * <ul>
 *   <li>{@code @approval("required")}: a human must approve each request it permits;</li>
 *   <li>{@code @mask("col[=type[:strategy]], ...")}: columns to mask, for example
 *       {@code @mask("email=email:partial, customers.ssn=ssn")};</li>
 *   <li>{@code @maxRows("500")}: the row cap for reads it permits.</li>
 * </ul>
 */
record PolicyObligations(boolean approvalRequired, List<MaskSpec> masks, OptionalInt maxRows) {

    static final PolicyObligations NONE = new PolicyObligations(false, List.of(), OptionalInt.empty());

    /**
     * One {@code @mask} entry. {@code table} is empty when the entry names a bare column: it then
     * applies to the tables the policy matched.
     */
    record MaskSpec(Optional<TableRef> table, String column, String type, MaskStrategy strategy) {
        ColumnMaskRule toRule(Optional<TableRef> matchedTable) {
            return new ColumnMaskRule(table.isPresent() ? table : matchedTable, column, type, strategy);
        }
    }

    /** @throws IllegalArgumentException with a message that says how to write the annotation */
    static PolicyObligations parse(Map<String, String> annotations) {
        boolean approval = false;
        String approvalValue = annotations.get("approval");
        if (approvalValue != null) {
            if (!approvalValue.strip().equalsIgnoreCase("required")) {
                throw new IllegalArgumentException("@approval(\"" + approvalValue
                        + "\") is not understood: write @approval(\"required\").");
            }
            approval = true;
        }
        List<MaskSpec> masks = annotations.containsKey("mask") ? parseMasks(annotations.get("mask")) : List.of();
        OptionalInt maxRows = OptionalInt.empty();
        String rows = annotations.get("maxRows");
        if (rows != null) {
            try {
                int value = Integer.parseInt(rows.strip());
                if (value < 1) {
                    throw new NumberFormatException();
                }
                maxRows = OptionalInt.of(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("@maxRows(\"" + rows + "\") must be a positive whole number, "
                        + "for example @maxRows(\"500\").");
            }
        }
        return new PolicyObligations(approval, masks, maxRows);
    }

    private static List<MaskSpec> parseMasks(String value) {
        List<MaskSpec> specs = new ArrayList<>();
        for (String entry : value.split(",")) {
            String item = entry.strip();
            if (item.isEmpty()) {
                continue;
            }
            String target = item;
            String type = null;
            MaskStrategy strategy = MaskStrategy.REDACT;
            int eq = item.indexOf('=');
            if (eq >= 0) {
                target = item.substring(0, eq).strip();
                String rest = item.substring(eq + 1).strip();
                int colon = rest.indexOf(':');
                type = colon >= 0 ? rest.substring(0, colon).strip() : rest;
                if (colon >= 0) {
                    strategy = MaskStrategy.parse(rest.substring(colon + 1));
                }
            }
            String[] parts = target.split("\\.");
            if (target.isEmpty() || parts.length > 3 || (type != null && !type.matches("[A-Za-z0-9_-]+"))) {
                throw new IllegalArgumentException("@mask entry '" + item + "' is not understood: write "
                        + "column[=type[:strategy]], for example \"email=email:partial\" or \"customers.ssn=ssn\".");
            }
            String column = parts[parts.length - 1];
            Optional<TableRef> table = switch (parts.length) {
                case 2 -> Optional.of(TableRef.of(null, parts[0]));
                case 3 -> Optional.of(TableRef.of(parts[0], parts[1]));
                default -> Optional.empty();
            };
            specs.add(new MaskSpec(table, column, type == null ? column : type, strategy));
        }
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("@mask(\"" + value + "\") names no column.");
        }
        return List.copyOf(specs);
    }
}
