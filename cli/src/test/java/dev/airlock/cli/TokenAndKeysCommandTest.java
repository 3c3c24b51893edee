package dev.airlock.cli;

import com.nimbusds.jwt.SignedJWT;
import dev.airlock.identity.LocalBootstrapTokens;
import dev.airlock.identity.SigningKeyFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code airlock token --bootstrap} and {@code airlock keys rotate} against a data folder of their own. */
class TokenAndKeysCommandTest {
    private static final String POLICIES = Path.of("..", "policies").toAbsolutePath().normalize().toString();
    @TempDir
    Path dataDir;

    @Test
    void token_whenBootstrap_printsAnHourLongBootstrapToken() throws Exception {
        CliRun run = CliRun.airlock("token", "--bootstrap", "--agent", "reporting-bot", "--data-dir",
                dataDir.toString(), "--policies", POLICIES);

        assertThat(run.exit()).as(run.err()).isZero();
        SignedJWT jwt = SignedJWT.parse(run.out().strip());
        assertThat(jwt.getHeader().getType()).isEqualTo(LocalBootstrapTokens.TYPE);
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly(LocalBootstrapTokens.AUDIENCE);
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("reporting-bot");
        assertThat(Duration.between(jwt.getJWTClaimsSet().getIssueTime().toInstant(),
                jwt.getJWTClaimsSet().getExpirationTime().toInstant())).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void token_whenBootstrapTtlOverOneDay_exits2() {
        CliRun run = CliRun.airlock("token", "--bootstrap", "--ttl", "25h", "--agent", "reporting-bot",
                "--data-dir", dataDir.toString(), "--policies", POLICIES);

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("24 hours");
    }

    @Test
    void keysRotate_whenKeyExists_keepsThePreviousOne() {
        String before = SigningKeyFile.loadOrCreate(dataDir).getKeyID();

        CliRun run = CliRun.airlock("keys", "rotate", "--data-dir", dataDir.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("previous key " + before + " is still accepted");
        assertThat(SigningKeyFile.publicKeys(dataDir).getKeys()).extracting(k -> k.getKeyID())
                .hasSize(2).contains(before);
    }

    @Test
    void keysRotate_whenNoKey_exits1AndSaysHowToMakeOne() {
        CliRun run = CliRun.airlock("keys", "rotate", "--data-dir", dataDir.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("No signing key").contains("./airlock local");
    }

    @Test
    void revoke_whenAgent_recordsItUntilRestored() {
        CliRun revoke = CliRun.airlock("revoke", "--agent", "ops-bot", "--data-dir", dataDir.toString());
        assertThat(revoke.exit()).as(revoke.err()).isZero();
        assertThat(dev.airlock.identity.RevocationFile.watch(dataDir, java.time.Clock.systemUTC())
                .isAgentRevoked("ops-bot")).isTrue();

        CliRun restore = CliRun.airlock("revoke", "--agent", "ops-bot", "--restore", "--data-dir", dataDir.toString());

        assertThat(restore.out()).contains("ops-bot is restored");
        assertThat(dev.airlock.identity.RevocationFile.watch(dataDir, java.time.Clock.systemUTC())
                .isAgentRevoked("ops-bot")).isFalse();
    }

    @Test
    void revoke_whenNeitherTokenNorAgent_exits2() {
        assertThat(CliRun.airlock("revoke", "--data-dir", dataDir.toString()).exit()).isEqualTo(2);
    }
}
