package dev.airlock.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code airlock policy validate} and {@code airlock policy test}, as a policy author runs them. */
class PolicyCliIT {
    @TempDir
    Path dir;

    private Path copyOfRepositoryPolicies() throws IOException {
        Path policies = dir.resolve("policies");
        Path source = Cli.HOME.resolve("policies");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path target = policies.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return policies;
    }

    @Test
    void validate_whenPoliciesAreTheRepository_saysValid() {
        Cli.Result result = Cli.run("policy", "validate");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("are valid").contains("ops-bot, reporting-bot");
        assertThat(result.stderr()).isEmpty();
    }

    @Test
    void validate_whenAPolicyUsesAnUnknownContextField_namesFileAndLine() throws IOException {
        Path policies = copyOfRepositoryPolicies();
        Files.writeString(policies.resolve("extra.cedar"), """
                @id("typo")
                permit (principal, action == Action::"sql:select", resource)
                when { context.rowLimt < 100 };
                """);

        Cli.Result result = Cli.run("policy", "validate", "--policies", policies.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).startsWith("airlock: Policies do not match the schema")
                .contains("extra.cedar:3:").contains("rowLimt");
    }

    @Test
    void test_whenCasesHold_listsThemAndPasses() {
        Cli.Result result = Cli.run("policy", "test");

        assertThat(result.exitCode()).as(result.stdout()).isZero();
        assertThat(result.stdout()).contains("PASS  tests/ops-bot.json: deletes one order: held for one DBA's approval")
                .containsPattern("\\d+ cases: \\d+ passed, 0 failed\\.");
    }

    @Test
    void test_whenAPolicyChanges_theCaseThatNoLongerHoldsFails() throws IOException {
        Path policies = copyOfRepositoryPolicies();
        Path demo = policies.resolve("demo.cedar");
        Files.writeString(demo, Files.readString(demo).replace("@approval(\"group=dba, approvals=1, wait=1h, valid=15m\")",
                ""));

        Cli.Result result = Cli.run("policy", "test", "--policies", policies.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).contains("FAIL  tests/ops-bot.json: deletes one order: held for one DBA's approval")
                .contains("decision: expected approval, got allow");
    }
}
