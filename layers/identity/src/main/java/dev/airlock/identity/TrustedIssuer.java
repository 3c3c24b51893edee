package dev.airlock.identity;

import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An OIDC issuer whose tokens an agent may trade for a gateway token: its {@code iss}, where
 * its public keys are published ({@code null}: wherever its discovery document says), the
 * audience its tokens must name, and the rules that turn a token's claims into an agent id.
 */
public record TrustedIssuer(String issuer, URL jwksUri, String audience, List<ClaimRule> rules) {
    public TrustedIssuer {
        Objects.requireNonNull(issuer, "issuer");
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

    /** Where its keys are, for messages. */
    String keysLocation() {
        return jwksUri != null ? jwksUri.toString() : "the jwks_uri of " + issuer + "/.well-known/openid-configuration";
    }

    /** Keys fetched over plain HTTP could be swapped in transit; plain http is for loopback tests only. */
    static boolean fetchable(URI uri) {
        boolean loopback = "http".equals(uri.getScheme())
                && ("127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost()));
        return ("https".equals(uri.getScheme()) && uri.getHost() != null) || loopback;
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
