package dev.airlock.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code airlock audit export} refuses what it cannot do in one line that says how to fix it. */
class AuditExportCommandTest {
    @TempDir
    Path dir;

    private static String stderrOf(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void export_whenFormatIsUnknown_exits2AndNamesTheFormats() {
        int[] exit = new int[1];
        String err = stderrOf(() -> exit[0] = AirlockCli.run("audit", "export", "--format", "xml",
                "--out", dir.resolve("out.jsonl").toString(), "--endpoint", "http://127.0.0.1:9"));

        assertThat(exit[0]).isEqualTo(2);
        assertThat(err.lines()).singleElement().asString().contains("use jsonl or ocsf");
    }

    @Test
    void export_whenOutIsMissing_exits2() {
        int[] exit = new int[1];
        String err = stderrOf(() -> exit[0] = AirlockCli.run("audit", "export", "--endpoint", "http://127.0.0.1:9"));

        assertThat(exit[0]).isEqualTo(2);
        assertThat(err).contains("--out");
    }

    @Test
    void export_whenTheFileHoldsSomethingElse_refusesWithoutTouchingIt() throws IOException {
        Path file = dir.resolve("notes.jsonl");
        Files.writeString(file, "not an export\n");
        int[] exit = new int[1];
        String err = stderrOf(() -> exit[0] = AirlockCli.run("audit", "export", "--out", file.toString(),
                "--endpoint", "http://127.0.0.1:9"));

        assertThat(exit[0]).isEqualTo(1);
        assertThat(err.lines()).singleElement().asString().contains("has no cursor").contains("export to a new file");
        assertThat(Files.readString(file)).isEqualTo("not an export\n");
    }

    @Test
    void export_whenTheS3UriIsNotABucketAndPrefix_exits2WithOneLine() {
        int[] exit = new int[1];
        String err = stderrOf(() -> exit[0] = AirlockCli.run("audit", "export", "--out", "s3://Audit_Exports/siem",
                "--endpoint", "http://127.0.0.1:9"));

        assertThat(exit[0]).isEqualTo(2);
        assertThat(err.lines()).singleElement().asString().contains("is not a bucket name")
                .contains("use s3://BUCKET/PREFIX");
    }

    @Test
    void export_whenTheS3UriNamesNoBucket_exits2WithOneLine() {
        int[] exit = new int[1];
        String err = stderrOf(() -> exit[0] = AirlockCli.run("audit", "export", "--out", "s3://",
                "--endpoint", "http://127.0.0.1:9"));

        assertThat(exit[0]).isEqualTo(2);
        assertThat(err.lines()).singleElement().asString().contains("names no bucket");
    }

    @Test
    void export_whenOutIsAnotherKindOfUri_exits2() {
        int[] exit = new int[1];
        String err = stderrOf(() -> exit[0] = AirlockCli.run("audit", "export", "--out", "gs://audit/siem",
                "--endpoint", "http://127.0.0.1:9"));

        assertThat(exit[0]).isEqualTo(2);
        assertThat(err.lines()).singleElement().asString().contains("neither a file nor an s3:// URI");
    }

    @Test
    void export_whenS3OptionsComeWithAFile_exits2() {
        int[] exit = new int[1];
        String err = stderrOf(() -> exit[0] = AirlockCli.run("audit", "export", "--out",
                dir.resolve("out.jsonl").toString(), "--sse-kms-key-id", "alias/audit", "--endpoint", "http://127.0.0.1:9"));

        assertThat(exit[0]).isEqualTo(2);
        assertThat(err.lines()).singleElement().asString().contains("--sse-kms-key-id applies to an s3:// --out only");
        assertThat(dir.resolve("out.jsonl")).doesNotExist();
    }
}
