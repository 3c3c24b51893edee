package dev.airlock.policy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the demo policies could ever let each agent touch: what an MCP client is shown. */
class PolicyReachTest {
    private static final Map<String, String> TARGETS = Map.of("demo", "sql", "aws-sandbox", "aws",
            "other-db", "sql");
    private static CedarPolicyEngine engine;

    @BeforeAll
    static void load() throws Exception {
        engine = CedarPolicyEngine.load(PolicyBundle.fromDirectory(Path.of(System.getProperty("airlock.policies.dir"))));
    }

    @Test
    void targetsEverPermitted_whenReportingBot_thenTheDemoDatabaseAndTheSandboxOnly() {
        assertThat(engine.targetsEverPermitted("reporting-bot", TARGETS)).containsExactlyInAnyOrder("demo",
                "aws-sandbox");
    }

    @Test
    void targetsEverPermitted_whenAnAgentNoPolicyNames_thenNothing() {
        assertThat(engine.targetsEverPermitted("stranger-bot", TARGETS)).isEmpty();
    }

    @Test
    void targetsEverPermitted_whenATargetNoPolicyNames_thenItIsHidden() {
        assertThat(engine.targetsEverPermitted("ops-bot", Map.of("other-db", "sql"))).isEmpty();
    }
}
