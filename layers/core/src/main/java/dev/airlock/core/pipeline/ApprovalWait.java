package dev.airlock.core.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a call to run a held request may wait for a decision while it is pending: checked
 * once, here, wherever the value comes from.
 */
public record ApprovalWait(Duration duration) {
    /** The longest an execute call may wait: longer holds a connection (and a Lambda) for nothing. */
    public static final Duration MAX = Duration.ofSeconds(60);
    public static final ApprovalWait NONE = new ApprovalWait(Duration.ZERO);

    public ApprovalWait {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("an approval wait is between 0 and " + MAX.toSeconds() + " seconds");
        }
    }

    /** What an agent is told when its wait is not one. */
    public static final String RULE = "'wait' is a whole number of seconds from 0 to " + MAX.toSeconds() + ".";

    /**
     * The wait an agent asked for, in whole seconds: absent or blank is none; a negative,
     * fractional, non-numeric or too large value is refused (empty) rather than quietly changed.
     */
    public static java.util.Optional<ApprovalWait> parse(String seconds) {
        if (seconds == null || seconds.isBlank()) {
            return java.util.Optional.of(NONE);
        }
        String digits = seconds.strip();
        if (!digits.matches("[0-9]{1,4}") || Long.parseLong(digits) > MAX.toSeconds()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new ApprovalWait(Duration.ofSeconds(Long.parseLong(digits))));
    }

    public boolean isZero() {
        return duration.isZero();
    }
}
