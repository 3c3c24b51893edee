package dev.airlock.policy;

import dev.airlock.core.model.MaskStrategy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A broken bundle stops start-up with the file, the line and what to fix. */
class PolicyLoadingTest {
    private static final Path REPO_POLICIES = Path.of(System.getProperty("airlock.policies.dir"));

    @TempDir
    Path dir;

    @BeforeEach
    void copyDemoBundle() throws IOException {
        try (Stream<Path> files = Files.list(REPO_POLICIES)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }

    private CedarPolicyEngine load() throws PolicyLoadException {
        return CedarPolicyEngine.load(PolicyBundle.fromDirectory(dir));
    }

    @Test
    void load_whenBundleIsTheDemo_succeedsAndListsAgents() throws Exception {
        assertThat(load()).isNotNull();
        assertThat(PolicyBundle.fromDirectory(dir).agentIds()).containsExactly("ops-bot", "reporting-bot");
    }

    @Test
    void load_whenPolicyHasSyntaxError_namesFileAndLine() throws IOException {
        write("extra.cedar", """
                // fine
                permit (principal, action == Action::"sql:select", resource);

                // broken on line 5
                permit (principal, action, resource) when { context.risk == };
                """);

        assertThatThrownBy(this::load).isInstanceOf(PolicyLoadException.class)
                .hasMessageStartingWith("extra.cedar:5:1: this policy does not parse");
    }

    @Test
    void load_whenPolicyDoesNotMatchSchema_namesLineAndSuggestsFix() throws IOException {
        write("extra.cedar", """
                @id("typo")
                permit (principal, action == Action::"sql:select", resource)
                when { context.hasWere };
                """);

        assertThatThrownBy(this::load).isInstanceOf(PolicyLoadException.class)
                .hasMessageContaining("extra.cedar:3:")
                .hasMessageContaining("hasWere")
                .hasMessageContaining("hasWhere");
    }

    @Test
    void load_whenTwoPoliciesShareAnId_namesBoth() throws IOException {
        write("extra.cedar", """
                @id("ops-read-demo")
                permit (principal, action == Action::"sql:select", resource);
                """);

        assertThatThrownBy(this::load).hasMessageContaining("'ops-read-demo' is already used at demo.cedar:");
    }

    @Test
    void load_whenMaskAnnotationIsMalformed_saysHowToWriteIt() throws IOException {
        write("extra.cedar", """
                @id("bad-mask")
                @mask("email=e mail")
                permit (principal, action == Action::"sql:select", resource);
                """);

        assertThatThrownBy(this::load).hasMessageContaining("extra.cedar:1:1")
                .hasMessageContaining("column[=type[:strategy]]");
    }

    @Test
    void load_whenTimeoutAnnotationIsNotADuration_saysHowToWriteIt() throws IOException {
        write("extra.cedar", """
                @id("bad-timeout")
                @timeout("ten seconds")
                permit (principal, action == Action::"sql:select", resource);
                """);

        assertThatThrownBy(this::load).hasMessageContaining("extra.cedar:1:1")
                .hasMessageContaining("@timeout(\"ten seconds\") is not a duration: write 90s, 15m, 1h or 2d");
    }

    @Test
    void policiesMaskingWith_whenAPolicyAsksForPseudonyms_namesIt() throws Exception {
        assertThat(load().policiesMaskingWith(MaskStrategy.PSEUDONYM))
                .containsExactlyInAnyOrder("reporting-read-demo", "ops-read-demo");
        assertThat(load().policiesMaskingWith(MaskStrategy.NULL)).isEmpty();
        write("extra.cedar", """
                @id("pseudonymous-reads")
                @mask("customers.email=email:pseudonym")
                permit (principal, action == Action::"sql:select", resource);
                """);

        assertThat(load().policiesMaskingWith(MaskStrategy.PSEUDONYM))
                .containsExactlyInAnyOrder("reporting-read-demo", "ops-read-demo", "pseudonymous-reads");
    }

    @Test
    void load_whenApprovalAnnotationIsUnknown_refuses() throws IOException {
        write("extra.cedar", """
                @id("maybe")
                @approval("sometimes")
                permit (principal, action == Action::"sql:delete", resource);
                """);

        assertThatThrownBy(this::load).hasMessageContaining("@approval(\"required\")")
                .hasMessageContaining("group=<approver group>");
    }

    @Test
    void load_whenApprovalNamesAnUndeclaredGroup_saysHowToDeclareIt() throws IOException {
        write("extra.cedar", """
                @id("needs-security")
                @approval("group=security, approvals=2")
                permit (principal, action == Action::"sql:delete", resource);
                """);

        assertThatThrownBy(this::load).hasMessageContaining("approver group 'security'")
                .hasMessageContaining("\"type\": \"ApproverGroup\"");
    }

    @Test
    void load_whenEntitiesUseUnknownType_refuses() throws IOException {
        write("entities.json", """
                [ { "uid": { "type": "Robot", "id": "x" }, "attrs": {}, "parents": [] } ]
                """);

        assertThatThrownBy(this::load).hasMessageContaining("entities.json");
    }

    @Test
    void load_whenSchemaMissing_saysWhatToAdd() throws IOException {
        Files.delete(dir.resolve("airlock.cedarschema"));

        assertThatThrownBy(this::load).hasMessageContaining("no *.cedarschema file");
    }
}
