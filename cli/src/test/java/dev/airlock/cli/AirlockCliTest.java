package dev.airlock.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AirlockCliTest {

    @Test
    void run_whenOptionUnknown_printsOneLineAndExits2() {
        CliRun run = CliRun.airlock("token", "--agent", "x", "--frobnicate");
        String err = run.err();

        assertThat(run.exit()).isEqualTo(2);
        assertThat(err.lines()).containsExactly(
                "airlock: Unknown option: '--frobnicate' (see airlock token --help)");
    }

    @Test
    void run_whenNoCommand_exits2() {
        CliRun run = CliRun.airlock(new String[0]);
        String err = run.err();

        assertThat(run.exit()).isEqualTo(2);
        assertThat(err.lines()).singleElement().asString().contains("Name a command");
    }

    @Test
    void durationConverter_readsHumanDurations() {
        DurationConverter converter = new DurationConverter();

        assertThat(converter.convert("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(converter.convert("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(converter.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> converter.convert("soon")).hasMessageContaining("write 90s, 15m or 1h");
    }

    @Test
    void tablePrinter_alignsColumnsAndCutsLongCells() {
        String table = TablePrinter.render(List.of("id", "email"),
                List.of(List.of("1", "***@example.com"), List.of("22", "x".repeat(60))));

        List<String> lines = table.lines().toList();
        assertThat(lines.get(0)).isEqualTo("id  email");
        assertThat(lines.get(1)).isEqualTo("--  " + "-".repeat(TablePrinter.MAX_CELL));
        assertThat(lines.get(2)).isEqualTo("1   ***@example.com");
        assertThat(lines.get(3)).endsWith("…").hasSize(4 + TablePrinter.MAX_CELL);
    }
}
