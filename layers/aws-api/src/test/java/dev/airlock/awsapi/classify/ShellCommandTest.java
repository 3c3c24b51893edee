package dev.airlock.awsapi.classify;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ShellCommandTest {

    /** The cases live in {@code classify/shell-cases.json}: script, expected class, and a note when it surprises. */
    static Stream<Arguments> cases() throws IOException {
        try (InputStream in = ShellCommandTest.class.getResourceAsStream("/classify/shell-cases.json")) {
            List<Map<String, String>> cases = new ObjectMapper().readValue(in, List.class);
            return cases.stream().map(c -> Arguments.of(c.get("script"), c.get("expected")));
        }
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("cases")
    void classify_givesTheClassInTheTable(String script, String expected) {
        ShellClassification result = ShellCommand.classify(script);

        assertThat(result.commandClass().policyName()).as("%s: %s", script, result.reason()).isEqualTo(expected);
    }

    @Test
    void classify_whenCommandsAreLines_joinsThemIntoOneScript() {
        ShellClassification result = ShellCommand.classify(List.of("cd /var/log", "ls -la", "rm -rf /"));

        assertThat(result.commandClass()).isEqualTo(CommandClass.DESTRUCTIVE);
        assertThat(result.programs()).containsExactly("cd", "ls", "rm");
    }

    @Test
    void classify_whenReadOnly_namesEveryProgram() {
        ShellClassification result = ShellCommand.classify("df -h | sort | head");

        assertThat(result.commandClass()).isEqualTo(CommandClass.READ_ONLY);
        assertThat(result.programs()).containsExactly("df", "sort", "head");
        assertThat(result.reason()).contains("df, sort, head");
    }

    @Test
    void classify_whenUnknownProgram_reasonNamesIt() {
        ShellClassification result = ShellCommand.classify("ls && frobnicate --now");

        assertThat(result.commandClass()).isEqualTo(CommandClass.UNKNOWN);
        assertThat(result.reason()).contains("frobnicate");
    }

    @Test
    void classify_whenSubstitutionHidesAWrite_seesTheNestedProgram() {
        ShellClassification result = ShellCommand.classify("echo $(touch /tmp/x)");

        assertThat(result.commandClass()).isEqualTo(CommandClass.UNKNOWN);
        assertThat(result.programs()).containsExactlyInAnyOrder("echo", "touch");
        assertThat(result.reason()).contains("command substitution");
    }

    @Test
    void classify_whenQuoteIsOpen_isUnknownWithReason() {
        ShellClassification result = ShellCommand.classify("cat '/etc/hosts");

        assertThat(result.commandClass()).isEqualTo(CommandClass.UNKNOWN);
        assertThat(result.reason()).contains("single quote is not closed");
    }

    @Test
    void classify_whenDeeplyNested_refusesWithoutOverflowingTheStack() {
        String script = "echo " + "$(".repeat(10_000) + "ls" + ")".repeat(10_000);

        assertThat(ShellCommand.classify(script).commandClass()).isEqualTo(CommandClass.UNKNOWN);
    }

    @Test
    void worst_ordersReadOnlyWriteUnknownDestructive() {
        assertThat(CommandClass.worst(CommandClass.READ_ONLY, CommandClass.WRITE)).isEqualTo(CommandClass.WRITE);
        assertThat(CommandClass.worst(CommandClass.WRITE, CommandClass.UNKNOWN)).isEqualTo(CommandClass.UNKNOWN);
        assertThat(CommandClass.worst(CommandClass.DESTRUCTIVE, CommandClass.UNKNOWN))
                .isEqualTo(CommandClass.DESTRUCTIVE);
    }

    @Test
    void policyNames_areTheOnesCedarPoliciesUse() {
        assertThat(Stream.of(CommandClass.values()).map(CommandClass::policyName))
                .containsExactly("read-only", "write", "unknown", "destructive");
    }
}
