package dev.airlock.cli;

import dev.airlock.aws.support.AwsClients;
import dev.airlock.audit.aws.AuditExporter;
import dev.airlock.audit.ExportFormat;
import dev.airlock.audit.FileExportSink;
import dev.airlock.audit.aws.S3ExportSink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.io.IOException;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * {@code airlock audit export}: what the trail gained since the last export, for a SIEM, as
 * JSON Lines or OCSF API Activity events, appended to a file or written as one new object per
 * run under an S3 prefix. The cursor (beside the file, or in the audit table for S3) makes
 * each run pick up where the last one stopped.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export what the audit trail gained since the last export, for a SIEM.",
                "jsonl writes every record as stored (chain position and hash included);",
                "ocsf writes one OCSF 1.3.0 API Activity event (class 6003) per finished request.",
                "To a FILE, lines are appended and the cursor is kept in FILE.cursor.json.",
                "To s3://BUCKET/PREFIX, each run with something new writes one new object, and",
                "the cursor is kept in the audit table (item export#s3://BUCKET/PREFIX).",
                "Examples: airlock audit export --format ocsf --out exports/airlock.ocsf.jsonl",
                "          airlock audit export --format ocsf --out s3://acme-siem/airlock"})
final class AuditExportCommand implements Callable<Integer> {
    @Mixin
    AuditCommand.TrailLocation location;

    @Option(names = "--format", defaultValue = "jsonl", paramLabel = "jsonl|ocsf",
            description = "jsonl (one line per record) or ocsf (one event per request); default ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--out", required = true, paramLabel = "FILE|s3://BUCKET/PREFIX",
            description = "A file to append to (created with its folders if missing), or an S3 prefix to write "
                    + "one new object to per run (region and credentials from the AWS SDK's usual chain).")
    String out;

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "With an s3:// --out: the S3 endpoint (LocalStack, moto, MinIO); default "
                    + "AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL if set, else the region's. --endpoint is the audit "
                    + "table's DynamoDB.")
    URI endpointUrl;

    @Option(names = "--sse-kms-key-id", paramLabel = "KEY",
            description = "With an s3:// --out: encrypt objects with this KMS key (id, ARN or alias) instead of SSE-S3.")
    String kmsKeyId;

    @Override
    public Integer call() {
        ExportFormat exportFormat;
        try {
            exportFormat = ExportFormat.of(format);
        } catch (IllegalArgumentException e) {
            throw new CliException("--format " + e.getMessage() + ".", AirlockCli.USAGE);
        }
        if (S3ExportSink.Destination.isS3(out)) {
            S3ExportSink.Destination destination;
            try {
                destination = S3ExportSink.Destination.parse(out);
            } catch (IllegalArgumentException e) {
                throw new CliException("--out " + e.getMessage() + ".", AirlockCli.USAGE);
            }
            if (endpointUrl != null && (endpointUrl.getScheme() == null || endpointUrl.getHost() == null)) {
                throw new CliException("--endpoint-url '" + endpointUrl + "' is not a URL: write it like "
                        + "http://127.0.0.1:4566.", AirlockCli.USAGE);
            }
            return exportToS3(exportFormat, destination);
        }
        if (URL_SCHEME.matcher(out).find()) {
            throw new CliException("--out '" + out + "' is neither a file nor an s3:// URI: export to a file, or to "
                    + "s3://BUCKET/PREFIX.", AirlockCli.USAGE);
        }
        if (endpointUrl != null || kmsKeyId != null) {
            throw new CliException((endpointUrl != null ? "--endpoint-url" : "--sse-kms-key-id")
                    + " applies to an s3:// --out only: a file export writes to the local disk.", AirlockCli.USAGE);
        }
        Path file;
        try {
            file = Path.of(out);
        } catch (InvalidPathException e) {
            throw new CliException("--out '" + out + "' is not a file name: " + e.getReason() + ".", AirlockCli.USAGE);
        }
        return exportToFile(exportFormat, file);
    }

    private static final Pattern URL_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://");

    private int exportToFile(ExportFormat exportFormat, Path file) {
        AuditExporter.Result result;
        try (DynamoDbClient dynamo = location.client();
             FileExportSink sink = FileExportSink.open(file, exportFormat)) {
            result = new AuditExporter(dynamo, location.table).export(exportFormat, sink);
        } catch (IllegalStateException e) {
            throw new CliException(capitalized(e.getMessage()) + ".");
        } catch (IOException e) {
            throw new CliException("Cannot write " + file + ": " + e.getMessage() + ". Check that the folder is "
                    + "writable and the disk has room, then export again: the cursor did not move.");
        } catch (SdkException e) {
            throw trailUnreadable(e);
        }
        return report(exportFormat, result, file.toString());
    }

    private int exportToS3(ExportFormat exportFormat, S3ExportSink.Destination destination) {
        AuditExporter.Result result;
        String written;
        try (DynamoDbClient dynamo = location.client();
             S3Client s3 = s3Client();
             S3ExportSink sink = S3ExportSink.open(s3, dynamo, location.table, destination, exportFormat,
                     Optional.ofNullable(kmsKeyId), Clock.systemUTC())) {
            result = new AuditExporter(dynamo, location.table).export(exportFormat, sink);
            written = sink.lastObject().orElse(destination.uri());
        } catch (IllegalStateException e) {
            throw new CliException(capitalized(e.getMessage()) + ".");
        } catch (IOException e) {
            throw new CliException("Export to " + destination + " failed: " + e.getMessage() + ". Export again once "
                    + "that is fixed: the cursor did not move.");
        } catch (SdkException e) {
            throw trailUnreadable(e);
        }
        return report(exportFormat, result, written);
    }

    /**
     * S3 as the SDK finds it (AWS_REGION, profiles, instance roles), through the light
     * URLConnection client. An emulator's endpoint is addressed path-style: bucket names as
     * host names do not resolve on 127.0.0.1.
     */
    private S3Client s3Client() {
        S3ClientBuilder builder = AwsClients.configure(S3Client.builder())
                // A bucket in another region than the SDK's is followed there instead of failing.
                .crossRegionAccessEnabled(true);
        if (endpointUrl != null) {
            builder.endpointOverride(endpointUrl);
        }
        boolean emulator = endpointUrl != null || present(System.getenv("AWS_ENDPOINT_URL_S3"))
                || present(System.getenv("AWS_ENDPOINT_URL")) || present(System.getProperty("aws.endpointUrlS3"))
                || present(System.getProperty("aws.endpointUrl"));
        if (emulator) {
            builder.forcePathStyle(true);
        }
        Region region;
        try {
            region = new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException noRegionConfigured) {
            // Any region reaches the bucket (cross-region access above); us-east-1 is S3's default.
            region = Region.US_EAST_1;
        }
        return builder.region(region).build();
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static CliException trailUnreadable(SdkException e) {
        return new CliException("Cannot read the audit trail: " + e.getMessage().lines().findFirst().orElse("")
                + " Is the gateway still running, and --table right?");
    }

    private static int report(ExportFormat exportFormat, AuditExporter.Result result, String where) {
        if (result.nothingNew()) {
            System.out.println("Nothing new since the last export.");
            return 0;
        }
        System.out.println("Exported " + result.records() + (result.records() == 1 ? " record" : " records")
                + (exportFormat == ExportFormat.OCSF ? " (" + result.events() + " OCSF "
                + (result.events() == 1 ? "event" : "events") + ")" : "") + " to " + where
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
