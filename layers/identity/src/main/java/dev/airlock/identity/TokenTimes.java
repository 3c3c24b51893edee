package dev.airlock.identity;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.airlock.core.port.TokenRejectedException;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** The time checks every token Airlock accepts must pass: expiry, not-before, issue time, lifetime. */
final class TokenTimes {
    private TokenTimes() {
    }

    /**
     * @param maxLifetime the longest {@code exp - iat} accepted, or null for no limit
     * @param what        names the token in messages
     */
    static void check(JWTClaimsSet claims, Instant now, Duration skew, Duration maxLifetime, String what)
            throws TokenRejectedException {
        Instant expiresAt = instant(claims.getExpirationTime());
        if (expiresAt == null) {
            throw new TokenRejectedException("The " + what + " has no expiry (exp).");
        }
        if (!now.isBefore(expiresAt.plus(skew))) {
            throw new TokenRejectedException("The " + what + " has expired.");
        }
        Instant notBefore = instant(claims.getNotBeforeTime());
        Instant issuedAt = instant(claims.getIssueTime());
        if ((notBefore != null && now.plus(skew).isBefore(notBefore))
                || (issuedAt != null && now.plus(skew).isBefore(issuedAt))) {
            throw new TokenRejectedException("The " + what + " is not valid yet.");
        }
        if (maxLifetime != null && issuedAt != null
                && Duration.between(issuedAt, expiresAt).compareTo(maxLifetime) > 0) {
            throw new TokenRejectedException("The " + what + " lives longer than the " + maxLifetime.toHours()
                    + " hours Airlock accepts.");
        }
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
