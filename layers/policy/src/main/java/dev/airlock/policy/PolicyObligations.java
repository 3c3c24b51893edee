package dev.airlock.policy;

import dev.airlock.core.model.ApprovalRequirement;
import dev.airlock.core.model.ColumnMaskRule;
import dev.airlock.core.model.JsonMaskRule;
import dev.airlock.core.model.MaskStrategy;
import dev.airlock.core.model.TableRef;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a permit policy asks for beyond "allow", read from its annotations (docs/policies.md):
 * <ul>
 *   <li>{@code @approval("required")} or {@code @approval("group=dba, approvals=2, wait=1h, valid=15m")}:
 *       a human must approve each request it permits;</li>
 *   <li>{@code @mask("col[=type[:strategy]], ...")}: columns to mask, for example
 *       {@code @mask("email=email:partial, customers.ssn=ssn")}, or JSON fields of AWS responses,
 *       for example {@code @mask("$.Items[*].email.S=email")};</li>
 *   <li>{@code @maxRows("500")}: the row cap for reads it permits;</li>
 *   <li>{@code @timeout("10s")}: the longest any statement it permits may run (the database
 *       cancels it then).</li>
 * </ul>
 */
record PolicyObligations(Optional<ApprovalRequirement> approval, List<MaskSpec> masks, List<JsonMaskRule> jsonMasks,
                         OptionalInt maxRows, Optional<Duration> timeout) {

    static final PolicyObligations NONE = new PolicyObligations(Optional.empty(), List.of(), List.of(),
            OptionalInt.empty(), Optional.empty());
    private static final Set<String> DYNAMODB_TYPES = Set.of("S", "N", "B", "SS", "NS", "BS", "M",
            "L", "BOOL", "NULL");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,5})([smhd])");
    private static final String APPROVAL_HELP = "write @approval(\"required\") or "
            + "@approval(\"group=<approver group>, approvals=<n>, wait=<1h>, valid=<15m>\")";

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
        Optional<ApprovalRequirement> approval = annotations.containsKey("approval")
                ? Optional.of(parseApproval(annotations.get("approval"))) : Optional.empty();
        List<MaskSpec> masks = new ArrayList<>();
        List<JsonMaskRule> jsonMasks = new ArrayList<>();
        if (annotations.containsKey("mask")) {
            parseMasks(annotations.get("mask"), masks, jsonMasks);
        }
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
        Optional<Duration> timeout = annotations.containsKey("timeout")
                ? Optional.of(duration(annotations.get("timeout").strip(), "@timeout", Duration.ofHours(1)))
                : Optional.empty();
        return new PolicyObligations(approval, List.copyOf(masks), List.copyOf(jsonMasks), maxRows, timeout);
    }

    private static ApprovalRequirement parseApproval(String value) {
        if (value.strip().equalsIgnoreCase("required")) {
            return ApprovalRequirement.defaults();
        }
        String group = ApprovalRequirement.DEFAULT_GROUP;
        int approvals = 1;
        Duration wait = ApprovalRequirement.DEFAULT_WAIT;
        Duration valid = ApprovalRequirement.DEFAULT_VALID;
        for (String entry : value.split(",")) {
            String[] pair = entry.split("=", 2);
            if (pair.length != 2) {
                throw new IllegalArgumentException("@approval(\"" + value + "\") is not understood: " + APPROVAL_HELP + ".");
            }
            String key = pair[0].strip();
            String setting = pair[1].strip();
            switch (key) {
                case "group" -> {
                    if (!setting.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                        throw new IllegalArgumentException("@approval group '" + setting + "' is not a group id.");
                    }
                    group = setting;
                }
                case "approvals" -> {
                    try {
                        approvals = Integer.parseInt(setting);
                    } catch (NumberFormatException e) {
                        approvals = 0;
                    }
                    if (approvals < 1 || approvals > 10) {
                        throw new IllegalArgumentException("@approval approvals=" + setting
                                + " must be a whole number from 1 to 10.");
                    }
                }
                case "wait" -> wait = duration(setting, "wait");
                case "valid" -> valid = duration(setting, "valid");
                default -> throw new IllegalArgumentException("@approval has no setting '" + key + "': "
                        + APPROVAL_HELP + ".");
            }
        }
        return new ApprovalRequirement(group, approvals, wait, valid);
    }

    private static Duration duration(String value, String key) {
        return duration(value, "@approval " + key + "=", Duration.ofDays(7));
    }

    /** {@code 90s}, {@code 15m}, {@code 1h} or {@code 2d}, from 1 s up to {@code max}. */
    private static Duration duration(String value, String what, Duration max) {
        Matcher m = DURATION.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException(what + (what.endsWith("=") ? "" : "(\"") + value
                    + (what.endsWith("=") ? "" : "\")") + " is not a duration: write 90s, 15m, 1h or 2d.");
        }
        long amount = Long.parseLong(m.group(1));
        Duration duration = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        if (duration.isZero() || duration.compareTo(max) > 0) {
            throw new IllegalArgumentException(what + (what.endsWith("=") ? "" : "(\"") + value
                    + (what.endsWith("=") ? "" : "\")") + " must be between 1s and "
                    + (max.toDays() >= 1 ? max.toDays() + "d" : max.toHours() + "h") + ".");
        }
        return duration;
    }

    /** Columns ({@code table.column=type:strategy}) and JSON fields ({@code $.a[*].b=type:strategy}). */
    private static void parseMasks(String value, List<MaskSpec> specs, List<JsonMaskRule> jsonMasks) {
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
            if (type != null && !type.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("@mask entry '" + item + "' has type '" + type + "': a type uses "
                        + "letters, digits, _ and -; write column[=type[:strategy]], for example \"email=email:partial\".");
            }
            if (target.startsWith("$")) {
                jsonMasks.add(jsonRule(item, target, type, strategy));
                continue;
            }
            String[] parts = target.split("\\.");
            if (target.isEmpty() || parts.length > 3) {
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
        if (specs.isEmpty() && jsonMasks.isEmpty()) {
            throw new IllegalArgumentException("@mask(\"" + value + "\") names no column or field.");
        }
    }

    /** The field a path ends in, past DynamoDB's type keys: {@code $.Items[*].email.S} holds an email. */
    private static String typeFromPath(String path) {
        String[] names = path.replace("[*]", "").split("\\.");
        for (int i = names.length - 1; i >= 0; i--) {
            if (!names[i].isEmpty() && !names[i].equals("$") && !DYNAMODB_TYPES.contains(names[i])) {
                return names[i].toLowerCase(Locale.ROOT);
            }
        }
        return "value";
    }

    private static JsonMaskRule jsonRule(String item, String path, String type, MaskStrategy strategy) {
        if (!path.matches("\\$(\\.\\.[A-Za-z0-9_-]+)?(\\.[A-Za-z0-9_-]+|\\[\\*])*") || path.equals("$")) {
            throw new IllegalArgumentException("@mask entry '" + item + "' is not a JSON path Airlock reads: write "
                    + "$.a.b, $.items[*].email or $..email ('..' only right after '$').");
        }
        return new JsonMaskRule(path, type == null ? typeFromPath(path) : type, strategy);
    }
}
