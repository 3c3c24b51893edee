package dev.airlock.awsapi.mask;

import java.util.Map;
import java.util.Objects;

/**
 * A masked answer body and how many values were masked, per detector type ({@code email}) or
 * mask path ({@code Parameters[].Value}); the counts never hold a value.
 */
public record MaskedBody(byte[] body, Map<String, Integer> maskedCounts) {
    public MaskedBody {
        Objects.requireNonNull(body, "body");
        maskedCounts = Map.copyOf(maskedCounts);
    }

    /** Sizes and counts only: the body stays out of logs. */
    @Override
    public String toString() {
        return "MaskedBody[" + body.length + " bytes, maskedCounts=" + maskedCounts + "]";
    }
}
