package dev.airlock.awsapi.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a call's input against its catalog entry: every member known, of its type, and every
 * required member present. The reason names members, never values, and says how to fix the call.
 */
public final class InputCheck {
    private static final Pattern PRINTABLE_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    private InputCheck() {
    }

    /** Empty when the input fits the operation; else why not. */
    public static Optional<String> check(CatalogOperation op, ObjectNode input) {
        return structure(op, op.input(), input, "");
    }

    private static Optional<String> structure(CatalogOperation op, Map<String, InputMember> members, JsonNode node,
                                              String where) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            InputMember member = members.get(field.getKey());
            if (member == null) {
                return Optional.of("Unknown member " + quoted(where + field.getKey()) + " for " + op.service() + ":"
                        + op.name() + ": the catalog does not know it, so Airlock does not pass it on. Known members: "
                        + members.keySet().stream().sorted().toList() + ".");
            }
            Optional<String> wrong = value(op, member, field.getValue(), where + member.name());
            if (wrong.isPresent()) {
                return wrong;
            }
        }
        for (InputMember member : members.values()) {
            if (member.required() && !node.has(member.name())) {
                return Optional.of(op.service() + ":" + op.name() + " needs member " + where + member.name() + ".");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> value(CatalogOperation op, InputMember member, JsonNode value, String path) {
        boolean fits = switch (member.type()) {
            case STRING, BLOB -> value.isTextual();
            case INTEGER -> value.isIntegralNumber();
            case NUMBER -> value.isNumber();
            case BOOLEAN -> value.isBoolean();
            case TIMESTAMP -> value.isNumber() || value.isTextual();
            case LIST -> value.isArray();
            case MAP, STRUCTURE -> value.isObject();
            case ANY -> !value.isNull() && !value.isMissingNode();
        };
        if (!fits) {
            return Optional.of("Member " + path + " of " + op.service() + ":" + op.name() + " must be "
                    + article(member.type()) + ".");
        }
        if (member.members().isEmpty()) {
            return Optional.empty();
        }
        switch (member.type()) {
            case STRUCTURE -> {
                return structure(op, member.members(), value, path + ".");
            }
            case LIST -> {
                int i = 0;
                for (JsonNode element : value) {
                    if (!element.isObject()) {
                        return Optional.of("Member " + path + " of " + op.service() + ":" + op.name()
                                + " must be a list of structures.");
                    }
                    Optional<String> wrong = structure(op, member.members(), element, path + "[" + i++ + "].");
                    if (wrong.isPresent()) {
                        return wrong;
                    }
                }
                return Optional.empty();
            }
            case MAP -> {
                for (Map.Entry<String, JsonNode> entry : value.properties()) {
                    if (!entry.getValue().isObject()) {
                        return Optional.of("Member " + path + " of " + op.service() + ":" + op.name()
                                + " must be a map of structures.");
                    }
                    Optional<String> wrong = structure(op, member.members(), entry.getValue(), path + ".*.");
                    if (wrong.isPresent()) {
                        return wrong;
                    }
                }
                return Optional.empty();
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static String article(InputMember.Type type) {
        return switch (type) {
            case STRING -> "a string";
            case BLOB -> "a base64 string";
            case INTEGER -> "an integer";
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            case TIMESTAMP -> "a timestamp";
            case LIST -> "a list";
            case MAP -> "a map";
            case STRUCTURE -> "a structure";
            case ANY -> "a value";
        };
    }

    /** A member name as the agent sent it, only when it cannot smuggle text into the message. */
    private static String quoted(String name) {
        return PRINTABLE_NAME.matcher(name).matches() || name.matches("[A-Za-z0-9_.:\\[\\]*-]{1,128}")
                ? "'" + name + "'" : "(a name that is not printable)";
    }
}
