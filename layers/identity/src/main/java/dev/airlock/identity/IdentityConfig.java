package dev.airlock.identity;

import com.nimbusds.jose.util.JSONObjectUtils;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may trade what for a gateway token, read from one JSON document: {@code identity.json} in
 * the local gateway's data folder. Every problem is reported at once, each with its fix.
 *
 * <pre>
 * {
 *   "localBootstrap": true,
 *   "trustedIssuers": [{
 *     "issuer": "https://token.actions.githubusercontent.com",
 *     "jwksUri": "https://token.actions.githubusercontent.com/.well-known/jwks",
 *     "audience": "airlock",
 *     "rules": [{"claims": {"repository": "acme/app", "ref": "refs/heads/main"}, "agent": "ci-deployer"}]
 *   }],
 *   "awsIam": {
 *     "serverId": "https://airlock.example.com",
 *     "rules": [{"arn": "arn:aws:iam::123456789012:role/ci-runner", "agent": "ops-bot"}]
 *   }
 * }
 * </pre>
 */
public record IdentityConfig(boolean localBootstrap, List<TrustedIssuer> trustedIssuers, AwsIamTrust awsIam) {
    public static final String FILE_NAME = "identity.json";
    /** What a gateway without an identity file accepts: local bootstrap tokens only. */
    public static final IdentityConfig LOCAL_ONLY = new IdentityConfig(true, List.of());

    private static final Set<String> TOP_FIELDS = Set.of("localBootstrap", "trustedIssuers", "awsIam");
    private static final Set<String> ISSUER_FIELDS = Set.of("issuer", "jwksUri", "audience", "rules");
    private static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");

    public IdentityConfig {
        trustedIssuers = List.copyOf(trustedIssuers);
    }

    /** Without AWS IAM bootstrap. */
    public IdentityConfig(boolean localBootstrap, List<TrustedIssuer> trustedIssuers) {
        this(localBootstrap, trustedIssuers, null);
    }

    /** Every agent id a rule maps a bootstrap identity to, OIDC and AWS IAM alike, each once. */
    public List<String> ruleAgents() {
        java.util.LinkedHashSet<String> agents = new java.util.LinkedHashSet<>();
        trustedIssuers.forEach(issuer -> issuer.rules().forEach(rule -> agents.add(rule.agent())));
        if (awsIam != null) {
            awsIam.rules().forEach(rule -> agents.add(rule.agent()));
        }
        return List.copyOf(agents);
    }

    /**
     * @param source names the document in messages, for example the file path
     * @throws IllegalArgumentException listing every problem and how to fix it
     */
    public static IdentityConfig parse(String json, String source) {
        Map<String, Object> root;
        try {
            root = JSONObjectUtils.parse(json);
        } catch (ParseException e) {
            throw new IllegalArgumentException(source + " is not a JSON object: " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        for (String field : root.keySet()) {
            if (!TOP_FIELDS.contains(field)) {
                problems.add("unknown field '" + field + "'; the fields are localBootstrap, trustedIssuers and awsIam");
            }
        }
        boolean localBootstrap = true;
        Object local = root.get("localBootstrap");
        if (local instanceof Boolean b) {
            localBootstrap = b;
        } else if (local != null) {
            problems.add("localBootstrap must be true or false");
        }
        List<TrustedIssuer> issuers = new ArrayList<>();
        Object list = root.get("trustedIssuers");
        if (list != null && !(list instanceof List<?>)) {
            problems.add("trustedIssuers must be an array of issuers");
        } else if (list != null) {
            int index = 0;
            Set<String> seen = new java.util.HashSet<>();
            for (Object entry : (List<?>) list) {
                String where = "trustedIssuers[" + index++ + "]";
                TrustedIssuer issuer = issuer(entry, where, problems);
                if (issuer != null && !seen.add(issuer.issuer())) {
                    problems.add(where + ": issuer " + issuer.issuer() + " is listed twice; merge its rules");
                } else if (issuer != null) {
                    issuers.add(issuer);
                }
            }
        }
        AwsIamTrust awsIam = root.get("awsIam") == null ? null : AwsIamTrust.parse(root.get("awsIam"), problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(source + " cannot be used:\n  - " + String.join("\n  - ", problems));
        }
        return new IdentityConfig(localBootstrap, issuers, awsIam);
    }

    private static TrustedIssuer issuer(Object entry, String where, List<String> problems) {
        if (!(entry instanceof Map<?, ?> map)) {
            problems.add(where + " must be an object with issuer, jwksUri, audience and rules");
            return null;
        }
        int before = problems.size();
        for (Object field : map.keySet()) {
            if (!ISSUER_FIELDS.contains(field)) {
                problems.add(where + ": unknown field '" + field + "'; the fields are issuer, jwksUri, audience "
                        + "and rules");
            }
        }
        String issuer = text(map, "issuer", where, "the iss its tokens carry, for example "
                + "https://token.actions.githubusercontent.com", problems);
        String audience = text(map, "audience", where, "the aud its tokens must carry for Airlock, for example "
                + "airlock", problems);
        java.net.URL jwksUri = null;
        Object jwks = map.get("jwksUri");
        if (jwks != null) {
            // Without jwksUri, the keys are where the issuer's discovery document says.
            try {
                URI uri = new URI(String.valueOf(jwks).strip());
                if (!TrustedIssuer.fetchable(uri)) {
                    problems.add(where + ": jwksUri must be an https:// URL (plain http only on 127.0.0.1)");
                } else {
                    jwksUri = uri.toURL();
                }
            } catch (URISyntaxException | MalformedURLException | IllegalArgumentException e) {
                problems.add(where + ": jwksUri '" + jwks + "' is not a URL");
            }
        } else if (issuer != null) {
            try {
                if (!TrustedIssuer.fetchable(new URI(issuer))) {
                    problems.add(where + ": issuer " + issuer + " is not an https:// URL, so its keys cannot be "
                            + "discovered: set jwksUri");
                }
            } catch (URISyntaxException e) {
                problems.add(where + ": issuer '" + issuer + "' is not a URL, so its keys cannot be discovered: "
                        + "set jwksUri");
            }
        }
        List<TrustedIssuer.ClaimRule> rules = new ArrayList<>();
        Object ruleList = map.get("rules");
        if (!(ruleList instanceof List<?> entries) || entries.isEmpty()) {
            problems.add(where + ": give rules, a non-empty array of {\"claims\": {\"repository\": \"acme/app\"}, "
                    + "\"agent\": \"ci-deployer\"}");
        } else {
            int index = 0;
            for (Object rule : entries) {
                rules.add(rule(rule, where + ".rules[" + index++ + "]", problems));
            }
        }
        if (problems.size() > before) {
            return null;
        }
        return new TrustedIssuer(issuer, jwksUri, audience, rules);
    }

    private static TrustedIssuer.ClaimRule rule(Object rule, String where, List<String> problems) {
        if (!(rule instanceof Map<?, ?> map) || !(map.get("claims") instanceof Map<?, ?> claims)
                || claims.isEmpty() || !(map.get("agent") instanceof String agent)) {
            problems.add(where + " must be {\"claims\": {<claim>: <value>, ...}, \"agent\": <agent id>} with at "
                    + "least one claim");
            return null;
        }
        Map<String, String> wanted = new LinkedHashMap<>();
        for (Map.Entry<?, ?> claim : claims.entrySet()) {
            if (!(claim.getValue() instanceof String value) || value.isEmpty() || value.equals("*")) {
                problems.add(where + ": claim '" + claim.getKey() + "' must be a non-empty string other than \"*\"");
                return null;
            }
            wanted.put(String.valueOf(claim.getKey()), value);
        }
        if (!AGENT_ID.matcher(agent).matches()) {
            problems.add(where + ": agent '" + agent + "' is not an agent id (letters, digits and . _ : @ -)");
            return null;
        }
        return new TrustedIssuer.ClaimRule(wanted, agent);
    }

    private static String text(Map<?, ?> map, String field, String where, String what, List<String> problems) {
        if (map.get(field) instanceof String value && !value.isBlank()) {
            return value.strip();
        }
        problems.add(where + ": set " + field + " to " + what);
        return null;
    }
}
