package dev.airlock.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The helpers against a real moto_server: the recorder's requests and STS's session policies. */
class MotoRecorderTest {
    private static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::airlock-demo-reports/*\"}]}";
    private static MotoServer moto;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
    }

    @AfterAll
    static void stopMoto() {
        moto.close();
    }

    @Test
    void requests_whenNothingIsSent_isEmptyEvenAfterReadingMotosState() {
        MotoRecorder recorder = MotoRecorder.of(moto).start();

        MotoState.of(moto).assumedRoles();

        assertThat(recorder.requests()).isEmpty();
        recorder.stop();
    }

    @Test
    void assumedRolePolicies_afterAnAssumeRole_holdTheSessionPolicyExactlyAsSent() throws Exception {
        MotoRecorder recorder = MotoRecorder.of(moto).start();

        assumeRole("sandbox-session", POLICY);
        recorder.stop();
        assumeRole("after-stop", POLICY);

        assertThat(recorder.requests()).hasSize(1);
        assertThat(recorder.requests().get(0).form()).containsEntry("Action", "AssumeRole")
                .containsEntry("RoleSessionName", "sandbox-session");
        assertThat(MotoState.of(moto).assumedRoles()).anySatisfy(role -> {
            assertThat(role.sessionName()).isEqualTo("sandbox-session");
            assertThat(role.roleArn()).isEqualTo("arn:aws:iam::123456789012:role/airlock-target");
            assertThat(role.sessionPolicy()).contains(POLICY);
        });
        assertThat(MotoState.of(moto).assumedRolePolicies()).contains(POLICY);
        assertThat(MotoState.of(moto).assumedRoles().toString()).doesNotContain("ASIA");
    }

    /** An unsigned AssumeRole: moto checks no signature, and reads the service from the credential scope. */
    private static void assumeRole(String session, String policy) throws Exception {
        String body = "Action=AssumeRole&Version=2011-06-15&RoleArn="
                + URLEncoder.encode("arn:aws:iam::123456789012:role/airlock-target", StandardCharsets.UTF_8)
                + "&RoleSessionName=" + session + "&Policy=" + URLEncoder.encode(policy, StandardCharsets.UTF_8);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(moto.endpoint())
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sts/aws4_request, "
                        + "SignedHeaders=host, Signature=0")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
}
