package dev.airlock.function.notifier;

import dev.airlock.identity.TokenSettings;
import org.eclipse.microprofile.config.Config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything the approval notifier function reads from its environment, checked at start-up.
 * Each problem names the variable to set and what to put in it; all problems are reported at once.
 *
 * <pre>
 *   AIRLOCK_APPROVALS_TABLE    the DynamoDB approvals table (default airlock-approvals)
 *   AIRLOCK_AUDIT_TABLE        the DynamoDB audit table, where used approval links are kept (default airlock-audit)
 *   AIRLOCK_TOKEN_KMS_KEY_ID   the KMS key that signs approval links: the gateway function's token key
 *   AIRLOCK_TOKEN_ISSUER       the iss claim, as the gateway function's
 *   AIRLOCK_TOKEN_AUDIENCE     the aud claim of gateway tokens, as the gateway function's (default airlock-gateway)
 *   AIRLOCK_PUBLIC_URL         the gateway's https base URL as approvers reach it; the links point there
 *   AIRLOCK_APPROVAL_SENDER    the SES-verified address the emails are sent from
 * </pre>
 */
public record NotifierSettings(String approvalsTable, String auditTable, String tokenKmsKeyId, TokenSettings tokens,
                               URI publicUrl, String sender) {
    static final String APPROVALS_TABLE = "airlock.approvals-table";
    static final String AUDIT_TABLE = "airlock.audit-table";
    static final String TOKEN_KMS_KEY_ID = "airlock.token.kms-key-id";
    static final String TOKEN_ISSUER = "airlock.token.issuer";
    static final String TOKEN_AUDIENCE = "airlock.token.audience";
    static final String PUBLIC_URL = "airlock.public-url";
    static final String APPROVAL_SENDER = "airlock.approval-sender";

    static final String DEFAULT_APPROVALS_TABLE = "airlock-approvals";
    static final String DEFAULT_AUDIT_TABLE = "airlock-audit";

    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9.-]{1,253}");

    static NotifierSettings from(Config config) {
        List<String> problems = new ArrayList<>();
        String approvals = optional(config, APPROVALS_TABLE).orElse(DEFAULT_APPROVALS_TABLE);
        String audit = optional(config, AUDIT_TABLE).orElse(DEFAULT_AUDIT_TABLE);
        String keyId = optional(config, TOKEN_KMS_KEY_ID).orElse(null);
        if (keyId == null) {
            problems.add("Set " + env(TOKEN_KMS_KEY_ID) + " to the KMS key that signs approval links, the gateway "
                    + "function's " + env(TOKEN_KMS_KEY_ID) + " (an ECC_NIST_P256 SIGN_VERIFY key), so that the "
                    + "gateway accepts the links.");
        } else if (keyId.chars().anyMatch(Character::isWhitespace)) {
            problems.add(env(TOKEN_KMS_KEY_ID) + " holds spaces: give one KMS key id, key ARN or alias.");
        }
        String issuer = optional(config, TOKEN_ISSUER).orElse(null);
        if (issuer == null) {
            problems.add("Set " + env(TOKEN_ISSUER) + " to the gateway function's " + env(TOKEN_ISSUER)
                    + " (the iss claim of its tokens and approval links).");
        }
        String audience = optional(config, TOKEN_AUDIENCE).orElse(TokenSettings.DEFAULT_AUDIENCE);
        URI publicUrl = publicUrl(optional(config, PUBLIC_URL), problems);
        String sender = optional(config, APPROVAL_SENDER).orElse(null);
        if (sender == null) {
            problems.add("Set " + env(APPROVAL_SENDER) + " to the address approval emails are sent from, an "
                    + "SES-verified identity such as airlock@example.com.");
        } else if (!ADDRESS.matcher(sender).matches()) {
            problems.add(env(APPROVAL_SENDER) + " is '" + sender + "', not one plain address: give an "
                    + "SES-verified address such as airlock@example.com, without a display name.");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The approval notifier function is not configured:\n  - "
                    + String.join("\n  - ", problems));
        }
        TokenSettings tokens = new TokenSettings(issuer, audience, Duration.ofMinutes(15), Duration.ofHours(1),
                Duration.ofSeconds(30));
        return new NotifierSettings(approvals, audit, keyId, tokens, publicUrl, sender);
    }

    private static URI publicUrl(Optional<String> value, List<String> problems) {
        String example = " such as https://airlock.example.com (the gateway's API Gateway or custom domain URL)";
        if (value.isEmpty()) {
            problems.add("Set " + env(PUBLIC_URL) + " to the gateway's https base URL as approvers reach it" + example
                    + "; the emailed links point to its /approvals page.");
            return null;
        }
        URI uri;
        try {
            uri = new URI(value.get());
        } catch (URISyntaxException e) {
            problems.add(env(PUBLIC_URL) + " is '" + value.get() + "', not a URL: give one" + example + ".");
            return null;
        }
        boolean local = "http".equalsIgnoreCase(uri.getScheme())
                && ("localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost()));
        if (!uri.isAbsolute() || uri.getHost() == null
                || !("https".equalsIgnoreCase(uri.getScheme()) || local)) {
            problems.add(env(PUBLIC_URL) + " is '" + value.get() + "': give an https URL" + example
                    + "; the links carry credentials and must not travel in clear text.");
            return null;
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            problems.add(env(PUBLIC_URL) + " is '" + value.get() + "': give the base URL without a query or "
                    + "fragment" + example + ".");
            return null;
        }
        return uri;
    }

    private static Optional<String> optional(Config config, String property) {
        return config.getOptionalValue(property, String.class).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** The environment variable MicroProfile Config reads a property from. */
    static String env(String property) {
        return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
