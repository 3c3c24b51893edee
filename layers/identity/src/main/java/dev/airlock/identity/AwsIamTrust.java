package dev.airlock.identity;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which AWS principals may trade a signed {@code sts:GetCallerIdentity} request for a gateway
 * token (the {@code awsIam} section of {@code identity.json}), after HashiCorp Vault's AWS IAM
 * auth method.
 *
 * @param serverId     the value the agent must sign in {@code X-Airlock-Server-ID}; {@code null}:
 *                     the gateway's token audience
 * @param stsEndpoints the only URLs a signed request may be sent to; {@code {region}} stands for
 *                     an AWS region name
 * @param rules        principal ARN to agent; the first match wins
 */
public record AwsIamTrust(String serverId, List<String> stsEndpoints, List<ArnRule> rules) {
    /** Global STS and every regional STS endpoint of the aws partition. */
    public static final List<String> DEFAULT_STS_ENDPOINTS = List.of("https://sts.amazonaws.com/",
            "https://sts.{region}.amazonaws.com/");
    static final String REGION_PLACEHOLDER = "{region}";
    private static final String REGION = "[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-[0-9]{1,2}";
    private static final Set<String> FIELDS = Set.of("serverId", "stsEndpoints", "rules");
    private static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");
    /** An IAM user (with or without a path) or a role without a path. */
    private static final Pattern RULE_ARN = Pattern.compile(
            "arn:(aws|aws-cn|aws-us-gov):iam::([0-9]{12}):(user/[\\w+=,.@/-]+|role/[\\w+=,.@-]+)");
    private static final Pattern ROLE_WITH_PATH = Pattern.compile("arn:[a-z-]+:iam::[0-9]{12}:role/.+/.+");
    /** What STS says an assumed role is: arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION. */
    private static final Pattern ASSUMED_ROLE = Pattern.compile(
            "arn:(aws|aws-cn|aws-us-gov):sts::([0-9]{12}):assumed-role/([\\w+=,.@-]+)/([\\w+=,.@-]+)");
    private static final Pattern IAM_USER = Pattern.compile(
            "arn:(aws|aws-cn|aws-us-gov):iam::([0-9]{12}):user/[\\w+=,.@/-]+");

    /** Maps the principal named by {@code arn} (an IAM user, or an IAM role) to {@code agent}. */
    public record ArnRule(String arn, String agent) {
        public ArnRule {
            Objects.requireNonNull(arn, "arn");
            Objects.requireNonNull(agent, "agent");
        }
    }

    public AwsIamTrust {
        stsEndpoints = List.copyOf(stsEndpoints);
        rules = List.copyOf(rules);
    }

    /**
     * The rule ARN the caller's ARN is compared with: an IAM user's ARN as it is; an assumed
     * role's session ARN as its role's path-less ARN (as Vault does); anything else (root,
     * federated users) {@code null}, which no rule matches.
     */
    static String principalArn(String callerArn) {
        Matcher assumed = ASSUMED_ROLE.matcher(callerArn);
        if (assumed.matches()) {
            return "arn:" + assumed.group(1) + ":iam::" + assumed.group(2) + ":role/" + assumed.group(3);
        }
        return IAM_USER.matcher(callerArn).matches() ? callerArn : null;
    }

    /** The agent the first matching rule names, or null. */
    String agentFor(String callerArn) {
        String principal = principalArn(callerArn);
        if (principal == null) {
            return null;
        }
        for (ArnRule rule : rules) {
            if (rule.arn().equals(principal)) {
                return rule.agent();
            }
        }
        return null;
    }

    /** Whether {@code url} is exactly one of the allowed endpoints ({@code {region}}: a region name). */
    boolean allows(String url) {
        for (String endpoint : stsEndpoints) {
            if (endpoint.equals(url)) {
                return true;
            }
            int at = endpoint.indexOf(REGION_PLACEHOLDER);
            if (at >= 0 && Pattern.matches(Pattern.quote(endpoint.substring(0, at)) + REGION
                    + Pattern.quote(endpoint.substring(at + REGION_PLACEHOLDER.length())), url)) {
                return true;
            }
        }
        return false;
    }

    /** Reads the {@code awsIam} object; problems are added to {@code problems}, with their fix. */
    static AwsIamTrust parse(Object section, List<String> problems) {
        String where = "awsIam";
        if (!(section instanceof Map<?, ?> map)) {
            problems.add(where + " must be an object with serverId, stsEndpoints and rules");
            return null;
        }
        int before = problems.size();
        for (Object field : map.keySet()) {
            if (!FIELDS.contains(field)) {
                problems.add(where + ": unknown field '" + field + "'; the fields are serverId, stsEndpoints and "
                        + "rules");
            }
        }
        String serverId = null;
        Object id = map.get("serverId");
        if (id instanceof String value && !value.isBlank() && value.length() <= 256
                && value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            serverId = value;
        } else if (id != null) {
            problems.add(where + ": serverId must be a non-empty string of printable ASCII without spaces, at most "
                    + "256 characters, for example the gateway's URL");
        }
        List<String> endpoints = new ArrayList<>();
        Object list = map.get("stsEndpoints");
        if (list == null) {
            endpoints.addAll(DEFAULT_STS_ENDPOINTS);
        } else if (!(list instanceof List<?> entries) || entries.isEmpty()) {
            problems.add(where + ": stsEndpoints must be a non-empty array of URLs such as "
                    + "\"https://sts.eu-west-1.amazonaws.com/\", or left out for the AWS endpoints");
        } else {
            int index = 0;
            for (Object entry : entries) {
                String at = where + ".stsEndpoints[" + index++ + "]";
                String endpoint = endpoint(entry, at, problems);
                if (endpoint != null) {
                    endpoints.add(endpoint);
                }
            }
        }
        List<ArnRule> rules = new ArrayList<>();
        Object ruleList = map.get("rules");
        if (!(ruleList instanceof List<?> entries) || entries.isEmpty()) {
            problems.add(where + ": give rules, a non-empty array of {\"arn\": "
                    + "\"arn:aws:iam::123456789012:role/ci-runner\", \"agent\": \"ops-bot\"}");
        } else {
            int index = 0;
            Set<String> seen = new HashSet<>();
            for (Object entry : entries) {
                String at = where + ".rules[" + index++ + "]";
                ArnRule rule = rule(entry, at, problems);
                if (rule != null && !seen.add(rule.arn())) {
                    problems.add(at + ": " + rule.arn() + " is mapped twice; keep one rule per ARN");
                } else if (rule != null) {
                    rules.add(rule);
                }
            }
        }
        if (problems.size() > before) {
            return null;
        }
        return new AwsIamTrust(serverId, endpoints, rules);
    }

    private static String endpoint(Object entry, String where, List<String> problems) {
        if (!(entry instanceof String text) || text.isBlank()) {
            problems.add(where + " must be a URL such as \"https://sts.eu-west-1.amazonaws.com/\"");
            return null;
        }
        String value = text.strip();
        try {
            URI uri = new URI(value.replace(REGION_PLACEHOLDER, "region"));
            if (!TrustedIssuer.fetchable(uri)) {
                // The gateway posts signed requests there: anything but STS over TLS (or a loopback
                // emulator) would hand an agent's signed request to someone else, or make the gateway an SSRF tool.
                problems.add(where + ": " + value + " must be an https:// URL (plain http only on 127.0.0.1 or "
                        + "localhost, for an emulator)");
                return null;
            }
            if (!"/".equals(uri.getRawPath()) || uri.getRawQuery() != null || uri.getRawFragment() != null
                    || uri.getRawUserInfo() != null) {
                problems.add(where + ": " + value + " must be the endpoint's root, ending in '/', without a query, "
                        + "for example https://sts.eu-west-1.amazonaws.com/");
                return null;
            }
        } catch (URISyntaxException e) {
            problems.add(where + ": '" + value + "' is not a URL");
            return null;
        }
        return value;
    }

    private static ArnRule rule(Object entry, String where, List<String> problems) {
        if (!(entry instanceof Map<?, ?> map) || !(map.get("arn") instanceof String arn)
                || !(map.get("agent") instanceof String agent) || map.size() != 2) {
            problems.add(where + " must be {\"arn\": <IAM role or user ARN>, \"agent\": <agent id>}");
            return null;
        }
        arn = arn.strip();
        if (ROLE_WITH_PATH.matcher(arn).matches()) {
            problems.add(where + ": write the role ARN without its path (" + arn.replaceFirst(":role/.*/", ":role/")
                    + "): STS names an assumed role's session without the path");
            return null;
        }
        if (!RULE_ARN.matcher(arn).matches()) {
            problems.add(where + ": arn '" + arn + "' must be an IAM role ARN (arn:aws:iam::123456789012:role/NAME) "
                    + "or an IAM user ARN (arn:aws:iam::123456789012:user/NAME); wildcards, root and assumed-role "
                    + "session ARNs are not accepted");
            return null;
        }
        if (!AGENT_ID.matcher(agent).matches()) {
            problems.add(where + ": agent '" + agent + "' is not an agent id (letters, digits and . _ : @ -)");
            return null;
        }
        return new ArnRule(arn, agent);
    }
}
