package dev.airlock.identity;

import java.time.Duration;
import java.util.Objects;

/**
 * What gateway tokens say and how long they live.
 *
 * @param issuer     the {@code iss} claim, naming this gateway
 * @param audience   the {@code aud} claim the gateway requires
 * @param defaultTtl lifetime when the caller asks for none (15 minutes)
 * @param maxTtl     the longest lifetime ever issued or accepted (1 hour)
 * @param clockSkew  tolerance for clocks that disagree
 */
public record TokenSettings(String issuer, String audience, Duration defaultTtl, Duration maxTtl, Duration clockSkew) {
    public static final String LOCAL_ISSUER = "airlock-local";
    public static final String DEFAULT_AUDIENCE = "airlock-gateway";
    public static final TokenSettings LOCAL_DEFAULTS = new TokenSettings(LOCAL_ISSUER, DEFAULT_AUDIENCE,
            Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofSeconds(30));

    public TokenSettings {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(defaultTtl, "defaultTtl");
        Objects.requireNonNull(maxTtl, "maxTtl");
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (defaultTtl.compareTo(maxTtl) > 0) {
            throw new IllegalArgumentException("default token lifetime exceeds the maximum");
        }
    }
}
