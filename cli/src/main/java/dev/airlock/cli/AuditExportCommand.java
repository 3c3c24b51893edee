package dev.airlock.cli;

import dev.airlock.aws.AuditExporter;
import dev.airlock.aws.ExportFormat;
import dev.airlock.aws.FileExportSink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code airlock audit export}: what the trail gained since the last export, for a SIEM, as
 * JSON Lines or OCSF API Activity events appended to a file. The cursor beside the file makes
 * each run pick up where the last one stopped.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Append what the audit trail gained since the last export to a file, for a SIEM:",
                "jsonl writes every record as it is stored (chain position and hash included), ocsf one",
                "OCSF 1.3.0 API Activity event (class 6003) per finished request. The cursor is kept in",
                "FILE.cursor.json. Example: airlock audit export --format ocsf --out exports/airlock.ocsf.jsonl"})
final class AuditExportCommand implements Callable<Integer> {
    @Mixin
    AuditCommand.TrailLocation location;

    @Option(names = "--format", defaultValue = "jsonl", paramLabel = "jsonl|ocsf",
            description = "jsonl (one line per record) or ocsf (one event per request); default ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "The file to append to; created with its folders if missing.")
    Path out;

    @Override
    public Integer call() {
        ExportFormat exportFormat;
        try {
            exportFormat = ExportFormat.of(format);
        } catch (IllegalArgumentException e) {
            throw new CliException("--format " + e.getMessage() + ".", AirlockCli.USAGE);
        }
        AuditExporter.Result result;
        try (DynamoDbClient dynamo = location.client();
             FileExportSink sink = FileExportSink.open(out, exportFormat)) {
            result = new AuditExporter(dynamo, location.table).export(exportFormat, sink);
        } catch (IllegalStateException e) {
            throw new CliException(capitalized(e.getMessage()) + ".");
        } catch (IOException e) {
            throw new CliException("Cannot write " + out + ": " + e.getMessage() + ". Check that the folder is "
                    + "writable and the disk has room, then export again: the cursor did not move.");
        } catch (SdkException e) {
            throw new CliException("Cannot read the audit trail: " + e.getMessage().lines().findFirst().orElse("")
                    + " Is the gateway still running, and --table right?");
        }
        if (result.nothingNew()) {
            System.out.println("Nothing new since the last export.");
            return 0;
        }
        System.out.println("Exported " + result.records() + (result.records() == 1 ? " record" : " records")
                + (exportFormat == ExportFormat.OCSF ? " (" + result.events() + " OCSF "
                + (result.events() == 1 ? "event" : "events") + ")" : "") + " to " + out
                + "; the next export starts after them.");
        if (result.skipped() > 0) {
            System.out.println(result.skipped() + (result.skipped() == 1 ? " record was" : " records were")
                    + " skipped: deleted from the trail, or an outcome whose intent is gone. "
                    + "Run airlock audit verify to see what changed.");
        }
        return 0;
    }

    private static String capitalized(String message) {
        return message.isEmpty() ? message : Character.toUpperCase(message.charAt(0)) + message.substring(1);
    }
}
