package dev.airlock.identity;

import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An OIDC issuer whose tokens an agent may trade for a gateway token: its {@code iss}, where
 * its public keys are published, the audience its tokens must name, and the rules that turn a
 * token's claims into an agent id.
 */
public record TrustedIssuer(String issuer, URL jwksUri, String audience, List<ClaimRule> rules) {
    public TrustedIssuer {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(jwksUri, "jwksUri");
        Objects.requireNonNull(audience, "audience");
        rules = List.copyOf(rules);
    }

    /**
     * Maps a token to {@code agent} when every listed claim has the listed value. A value ending
     * in {@code *} matches any claim value starting with what comes before it, so that
     * {@code "refs/tags/v*"} matches every release tag.
     */
    public record ClaimRule(Map<String, String> claims, String agent) {
        public ClaimRule {
            claims = Map.copyOf(claims);
            Objects.requireNonNull(agent, "agent");
            if (claims.isEmpty()) {
                // A rule without conditions would map every token of the issuer, from any repository.
                throw new IllegalArgumentException("a claim rule must name at least one claim");
            }
        }

        boolean matches(Map<String, Object> tokenClaims) {
            for (Map.Entry<String, String> expected : claims.entrySet()) {
                if (!(tokenClaims.get(expected.getKey()) instanceof String actual)) {
                    return false;
                }
                String wanted = expected.getValue();
                boolean ok = wanted.endsWith("*")
                        ? actual.startsWith(wanted.substring(0, wanted.length() - 1))
                        : actual.equals(wanted);
                if (!ok) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The agent the first matching rule names, or null when no rule matches. */
    String agentFor(Map<String, Object> tokenClaims) {
        for (ClaimRule rule : rules) {
            if (rule.matches(tokenClaims)) {
                return rule.agent();
            }
        }
        return null;
    }
}
