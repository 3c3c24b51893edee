package dev.airlock.awsapi.classify;

/**
 * What a shell script does to the instance, as policy names it. {@link #worst} orders the classes
 * READ_ONLY &lt; WRITE &lt; UNKNOWN &lt; DESTRUCTIVE: a part Airlock cannot read may do anything, so it
 * outranks a known write (which policy may allow unattended); a part that certainly destroys
 * outranks one that only might, so a script holding both is shown as destructive.
 */
public enum CommandClass {
    READ_ONLY("read-only"),
    WRITE("write"),
    UNKNOWN("unknown"),
    DESTRUCTIVE("destructive");

    private final String policyName;

    CommandClass(String policyName) {
        this.policyName = policyName;
    }

    /** The name Cedar policies compare with: {@code read-only}, {@code write}, {@code destructive}, {@code unknown}. */
    public String policyName() {
        return policyName;
    }

    /** The class of two parts together. */
    public static CommandClass worst(CommandClass a, CommandClass b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    static CommandClass fromPolicyName(String name) {
        for (CommandClass c : values()) {
            if (c.policyName.equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown command class '" + name + "'");
    }
}
