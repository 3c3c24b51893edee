package dev.airlock.local;

import dev.airlock.audit.aws.JournaledAuditLog;
import dev.airlock.identity.GatewayPublicKeys;
import dev.airlock.identity.RevocationFile;
import dev.airlock.identity.SigningKeyWatch;
import dev.airlock.policy.PolicyBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** identity.json is checked when the gateway starts; a mistake stops it with the fix. */
class LocalTokenExchangeWiringTest {
    private static final Path POLICIES = Path.of("..", "policies").toAbsolutePath().normalize();
    @TempDir
    Path dataDir;

    private Object exchange() throws Exception {
        LocalSettings settings = new LocalSettings(dataDir, POLICIES, 8080, "US", JournaledAuditLog.Sync.BATCHED);
        SigningKeyWatch keys = SigningKeyWatch.start(dataDir, java.time.Clock.systemUTC());
        return new LocalAdapters().tokenExchange(settings, keys, new GatewayPublicKeys(keys::publicKeys),
                PolicyBundle.fromDirectory(POLICIES), RevocationFile.watch(dataDir, java.time.Clock.systemUTC()));
    }

    private void identityFile(String json) throws Exception {
        Files.writeString(dataDir.resolve("identity.json"), json);
    }

    @Test
    void tokenExchange_whenNoIdentityFile_acceptsLocalBootstrapOnly() throws Exception {
        assertThat(exchange()).isNotNull();
    }

    @Test
    void tokenExchange_whenRuleNamesAnUndeclaredAgent_stopsStartupNamingIt() throws Exception {
        identityFile("""
                {"trustedIssuers": [{"issuer": "https://ci.example", "jwksUri": "https://ci.example/jwks",
                  "audience": "airlock", "rules": [{"claims": {"repository": "acme/app"}, "agent": "ci-deployer"}]}]}""");

        assertThatThrownBy(this::exchange).isInstanceOf(LocalStartupException.class)
                .hasMessageContaining("[ci-deployer]").hasMessageContaining("entities.json does not declare");
    }

    @Test
    void tokenExchange_whenIdentityFileHasMistakes_stopsStartupWithEachFix() throws Exception {
        identityFile("{\"trustedIssuers\": [{\"issuer\": \"https://ci.example\"}]}");

        assertThatThrownBy(this::exchange).isInstanceOf(LocalStartupException.class)
                .hasMessageContaining("identity.json cannot be used")
                .hasMessageContaining("set audience").hasMessageContaining("give rules");
    }
}
