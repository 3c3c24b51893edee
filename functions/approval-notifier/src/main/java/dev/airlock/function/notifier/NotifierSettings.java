package dev.airlock.function.notifier;

import dev.airlock.identity.TokenSettings;
import dev.airlock.settings.Setting;
import dev.airlock.settings.SettingsReader;
import dev.airlock.settings.SharedSettings;
import org.eclipse.microprofile.config.Config;

import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Everything the approval notifier function reads from its environment, checked at start-up by
 * the shared {@link SettingsReader}: each problem names the variable to set and what to put in
 * it, and all problems are reported at once. The variables are listed in the README's table; the
 * tables, the token key, issuer and audience are the gateway function's ({@link SharedSettings}).
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
    static final Setting TOKEN_KMS_KEY_ID = SharedSettings.TOKEN_KMS_KEY_ID.meaning("the KMS key that signs "
            + "approval links, the gateway function's " + SharedSettings.TOKEN_KMS_KEY_ID.variable() + " (an "
            + "ECC_NIST_P256 SIGN_VERIFY key), so that the gateway accepts the links");
    static final Setting TOKEN_ISSUER = SharedSettings.TOKEN_ISSUER.meaning("the gateway function's "
            + SharedSettings.TOKEN_ISSUER.variable() + " (the iss claim of its tokens and approval links)");
    private static final String URL_EXAMPLE = "such as https://airlock.example.com (the gateway's API Gateway or "
            + "custom domain URL)";
    static final Setting PUBLIC_URL = new Setting("airlock.public-url", "the gateway's https base URL as approvers "
            + "reach it, " + URL_EXAMPLE + "; the emailed links point to its /approvals page");
    static final Setting APPROVAL_SENDER = new Setting("airlock.approval-sender", "the address approval emails are "
            + "sent from, an SES-verified identity such as airlock@example.com");

    static final String DEFAULT_APPROVALS_TABLE = SharedSettings.DEFAULT_APPROVALS_TABLE;
    static final String DEFAULT_AUDIT_TABLE = SharedSettings.DEFAULT_AUDIT_TABLE;

    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9.-]{1,253}");

    static NotifierSettings from(Config config) {
        return from(SettingsReader.from(name -> config.getOptionalValue(name, String.class),
                config.getPropertyNames()));
    }

    static NotifierSettings from(SettingsReader reader) {
        String approvals = reader.string(SharedSettings.APPROVALS_TABLE, DEFAULT_APPROVALS_TABLE);
        String audit = reader.string(SharedSettings.AUDIT_TABLE, DEFAULT_AUDIT_TABLE);
        String keyId = reader.kmsKey(TOKEN_KMS_KEY_ID, true).orElse(null);
        String issuer = reader.required(TOKEN_ISSUER);
        String audience = reader.string(SharedSettings.TOKEN_AUDIENCE, SharedSettings.DEFAULT_TOKEN_AUDIENCE);
        URI publicUrl = reader.url(PUBLIC_URL, true, URL_EXAMPLE).orElse(null);
        if (publicUrl == null && reader.optional(PUBLIC_URL).isEmpty()) {
            reader.required(PUBLIC_URL);
        }
        String sender = reader.required(APPROVAL_SENDER);
        if (sender != null && !ADDRESS.matcher(sender).matches()) {
            reader.problem(APPROVAL_SENDER.variable() + " is '" + sender + "', not one plain address: give an "
                    + "SES-verified address such as airlock@example.com, without a display name.");
        }
        reader.finish("The approval notifier function");
        TokenSettings tokens = new TokenSettings(issuer, audience, Duration.ofMinutes(15), Duration.ofHours(1),
                Duration.ofSeconds(30));
        return new NotifierSettings(approvals, audit, keyId, tokens, publicUrl, sender);
    }
}
