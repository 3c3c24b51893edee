package dev.airlock.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code airlock audit export} refuses what it cannot do in one line that says how to fix it. */
class AuditExportCommandTest {
    @TempDir
    Path dir;

    @Test
    void export_whenFormatIsUnknown_exits2AndNamesTheFormats() {
        CliRun run = CliRun.airlock("audit", "export", "--format", "xml",
                "--out", dir.resolve("out.jsonl").toString(), "--endpoint", "http://127.0.0.1:9");
        String err = run.err();

        assertThat(run.exit()).isEqualTo(2);
        assertThat(err.lines()).singleElement().asString().contains("use jsonl or ocsf");
    }

    @Test
    void export_whenOutIsMissing_exits2() {
        CliRun run = CliRun.airlock("audit", "export", "--endpoint", "http://127.0.0.1:9");
        String err = run.err();

        assertThat(run.exit()).isEqualTo(2);
        assertThat(err).contains("--out");
    }

    @Test
    void export_whenTheFileHoldsSomethingElse_refusesWithoutTouchingIt() throws IOException {
        Path file = dir.resolve("notes.jsonl");
        Files.writeString(file, "not an export\n");
        CliRun run = CliRun.airlock("audit", "export", "--out", file.toString(),
                "--endpoint", "http://127.0.0.1:9");
        String err = run.err();

        assertThat(run.exit()).isEqualTo(1);
        assertThat(err.lines()).singleElement().asString().contains("has no cursor").contains("export to a new file");
        assertThat(Files.readString(file)).isEqualTo("not an export\n");
    }

    @Test
    void export_whenTheS3UriIsNotABucketAndPrefix_exits2WithOneLine() {
        CliRun run = CliRun.airlock("audit", "export", "--out", "s3://Audit_Exports/siem",
                "--endpoint", "http://127.0.0.1:9");
        String err = run.err();

        assertThat(run.exit()).isEqualTo(2);
        assertThat(err.lines()).singleElement().asString().contains("is not a bucket name")
                .contains("use s3://BUCKET/PREFIX");
    }

    @Test
    void export_whenTheS3UriNamesNoBucket_exits2WithOneLine() {
        CliRun run = CliRun.airlock("audit", "export", "--out", "s3://",
                "--endpoint", "http://127.0.0.1:9");
        String err = run.err();

        assertThat(run.exit()).isEqualTo(2);
        assertThat(err.lines()).singleElement().asString().contains("names no bucket");
    }

    @Test
    void export_whenOutIsAnotherKindOfUri_exits2() {
        CliRun run = CliRun.airlock("audit", "export", "--out", "gs://audit/siem",
                "--endpoint", "http://127.0.0.1:9");
        String err = run.err();

        assertThat(run.exit()).isEqualTo(2);
        assertThat(err.lines()).singleElement().asString().contains("neither a file nor an s3:// URI");
    }

    @Test
    void export_whenS3OptionsComeWithAFile_exits2() {
        CliRun run = CliRun.airlock("audit", "export", "--out",
                dir.resolve("out.jsonl").toString(), "--sse-kms-key-id", "alias/audit", "--endpoint", "http://127.0.0.1:9");
        String err = run.err();

        assertThat(run.exit()).isEqualTo(2);
        assertThat(err.lines()).singleElement().asString().contains("--sse-kms-key-id applies to an s3:// --out only");
        assertThat(dir.resolve("out.jsonl")).doesNotExist();
    }
}
