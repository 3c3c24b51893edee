package dev.airlock.settings;

import java.util.Locale;
import java.util.Objects;

/**
 * One setting: the property name configuration files use ({@code airlock.audit-table}), the
 * environment variable that sets it on Lambda ({@code AIRLOCK_AUDIT_TABLE}), and what to put in it,
 * worded to complete "Set AIRLOCK_AUDIT_TABLE to ..." in a start-up error.
 *
 * @param property the property name, lower case with dots and dashes
 * @param meaning  what the value is, for example "the DynamoDB audit table name"
 */
public record Setting(String property, String meaning) {

    public Setting {
        Objects.requireNonNull(property, "property");
        Objects.requireNonNull(meaning, "meaning");
    }

    /** The environment variable MicroProfile Config reads this property from. */
    public String variable() {
        return variable(property);
    }

    /** The same variable, explained for one function's use of it. */
    public Setting meaning(String meaning) {
        return new Setting(property, meaning);
    }

    /** The environment variable MicroProfile Config reads a property from: upper case, other characters as '_'. */
    public static String variable(String property) {
        return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    @Override
    public String toString() {
        return variable();
    }
}
