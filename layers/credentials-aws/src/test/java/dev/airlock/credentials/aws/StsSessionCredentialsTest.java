package dev.airlock.credentials.aws;

import dev.airlock.core.model.CredentialsUsed;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class StsSessionCredentialsTest {
    private static final String ASSUMED = "arn:aws:sts::123456789012:assumed-role/airlock-target-orders/01-first";
    private static final Instant EXPIRES = Instant.parse("2026-11-24T10:15:00Z");
    private static final AwsSessionCredentials SDK = AwsSessionCredentials.builder().accessKeyId("ASIAEXAMPLEKEYID")
            .secretAccessKey("canary-session-secret").sessionToken("canary-session-token").expirationTime(EXPIRES)
            .build();

    @Test
    void toString_whenPrinted_showsTheSessionButNoSecret() {
        StsSessionCredentials credentials = new StsSessionCredentials(SDK, "01-first", ASSUMED);

        assertThat(credentials.toString()).contains("ASIAEXAMPLEKEYID", "01-first", ASSUMED, EXPIRES.toString())
                .doesNotContain("canary-session-secret", "canary-session-token");
        assertThat(String.valueOf(credentials.credentialsProvider()))
                .doesNotContain("canary-session-secret", "canary-session-token");
    }

    @Test
    void used_whenAudited_namesTheAssumedRoleAndSessionOnly() {
        StsSessionCredentials credentials = new StsSessionCredentials(SDK, "01-first", ASSUMED);

        assertThat(credentials.used()).isEqualTo(CredentialsUsed.stsSession(ASSUMED, "01-first"));
        assertThat(credentials.used().toString()).doesNotContain("canary-session-secret", "canary-session-token");
    }

    @Test
    void credentialsProvider_whenResolved_givesTheVerySdkCredentialsObject() {
        StsSessionCredentials credentials = new StsSessionCredentials(SDK, "01-first", ASSUMED);

        assertThat(credentials.credentials()).isSameAs(SDK);
        assertThat(credentials.credentialsProvider().resolveCredentials()).isSameAs(SDK);
        assertThat(credentials.credentialsProvider().resolveIdentity().join()).isSameAs(SDK);
        assertThat(credentials.accessKeyId()).isEqualTo("ASIAEXAMPLEKEYID");
        assertThat(credentials.expiration()).contains(EXPIRES);
    }
}
