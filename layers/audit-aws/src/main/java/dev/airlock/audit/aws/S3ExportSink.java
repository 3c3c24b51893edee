package dev.airlock.audit.aws;

import dev.airlock.audit.ExportCursor;
import dev.airlock.audit.ExportFormat;
import dev.airlock.audit.ExportSink;
import dev.airlock.aws.support.Items;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Exports to an S3 prefix: each run that finds something new writes one new object, never
 * touching the objects of earlier runs, named so that objects sort by the time they were
 * written ({@code <prefix>/airlock-audit-<format>-<yyyyMMdd'T'HHmmssSSS'Z'>-<random>.jsonl}).
 * Lines are buffered in a temporary file and uploaded at commit, with server-side encryption
 * (SSE-S3 by default, or a KMS key); a run with no lines uploads nothing.
 *
 * <p>The cursor lives in the audit table as a bookkeeping item (partition
 * {@code export#s3://bucket/prefix}, sort key {@value #CURSOR_PHASE}) that carries a version
 * number. Commit puts the object first, then writes the cursor on condition that its version
 * is still the one this run started from. Of two exports to the same destination that started
 * from the same cursor, only one commits; the other removes the object it had just put and
 * fails, so no records are exported twice and none are lost.
 */
public final class S3ExportSink implements ExportSink {
    /** Partition prefix of export cursors; a {@code #} marks the item as bookkeeping, not a record. */
    public static final String CURSOR_PARTITION_PREFIX = "export#";
    /** Sort key of the cursor item. */
    public static final String CURSOR_PHASE = "cursor";
    /** What the objects are: one JSON object per line. */
    public static final String CONTENT_TYPE = "application/x-ndjson";

    private static final DateTimeFormatter OBJECT_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final S3Client s3;
    private final DynamoDbClient dynamo;
    private final String table;
    private final Destination destination;
    private final ExportFormat format;
    private final Optional<String> kmsKeyId;
    private final Clock clock;
    private final Path buffer;
    private OutputStream out;
    private int lines;
    private ExportCursor cursor;
    private long version;
    private Optional<String> lastObject = Optional.empty();

    /**
     * An S3 bucket and key prefix, from {@code s3://bucket/prefix}. The prefix has no leading or
     * trailing slash and may be empty (objects at the bucket's root).
     */
    public record Destination(String bucket, String prefix) {
        // S3's rules for new buckets: 3 to 63 lowercase letters, digits, dots and hyphens.
        private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
        private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

        public Destination {
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(prefix, "prefix");
        }

        /** Whether {@code out} names an S3 location ({@code s3://...}) rather than a file. */
        public static boolean isS3(String out) {
            return out.regionMatches(true, 0, "s3:", 0, 3);
        }

        /**
         * Parses {@code s3://bucket/prefix}.
         *
         * @throws IllegalArgumentException naming what is wrong, in words a user can act on
         */
        public static Destination parse(String uri) {
            String usage = ": use s3://BUCKET/PREFIX";
            if (!uri.regionMatches(true, 0, "s3://", 0, 5)) {
                throw new IllegalArgumentException("'" + uri + "' is not an S3 URI" + usage);
            }
            String rest = uri.substring(5);
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "" : rest.substring(slash + 1);
            if (bucket.isEmpty()) {
                throw new IllegalArgumentException("'" + uri + "' names no bucket" + usage);
            }
            if (!BUCKET.matcher(bucket).matches() || bucket.contains("..") || IP_ADDRESS.matcher(bucket).matches()) {
                throw new IllegalArgumentException("'" + bucket + "' in " + uri + " is not a bucket name (3 to 63 "
                        + "lowercase letters, digits, dots and hyphens)" + usage);
            }
            while (prefix.endsWith("/")) {
                prefix = prefix.substring(0, prefix.length() - 1);
            }
            for (int i = 0; i < prefix.length(); i++) {
                char c = prefix.charAt(i);
                if (Character.isISOControl(c) || Character.isWhitespace(c) || c == '?' || c == '#' || c == '\\') {
                    throw new IllegalArgumentException("the prefix in " + uri + " holds '" + (Character.isISOControl(c)
                            ? String.format("\\u%04x", (int) c) : String.valueOf(c)) + "'" + usage
                            + " with a prefix of letters, digits and / - _ . ! * ' ( ) only");
                }
            }
            if (prefix.startsWith("/") || prefix.contains("//")) {
                throw new IllegalArgumentException("the prefix in " + uri + " has an empty folder (//)" + usage);
            }
            return new Destination(bucket, prefix);
        }

        /** The key of an object called {@code name} under the prefix. */
        public String key(String name) {
            return prefix.isEmpty() ? name : prefix + "/" + name;
        }

        /** {@code s3://bucket/prefix}, the same however it was typed (trailing slashes, scheme case). */
        public String uri() {
            return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
        }

        @Override
        public String toString() {
            return uri();
        }
    }

    private S3ExportSink(S3Client s3, DynamoDbClient dynamo, String table, Destination destination,
                         ExportFormat format, Optional<String> kmsKeyId, Clock clock, ExportCursor cursor,
                         long version) throws IOException {
        this.s3 = s3;
        this.dynamo = dynamo;
        this.table = table;
        this.destination = destination;
        this.format = format;
        this.kmsKeyId = kmsKeyId;
        this.clock = clock;
        this.cursor = cursor;
        this.version = version;
        // Owner-only by default on POSIX; the lines are masked already, as in the trail.
        this.buffer = Files.createTempFile("airlock-export-", ".jsonl");
        this.out = new BufferedOutputStream(Files.newOutputStream(buffer));
    }

    /**
     * Opens an export of {@code format} to {@code destination}, reading its cursor from the
     * audit {@code table}. {@code kmsKeyId} encrypts the objects with that KMS key (SSE-KMS);
     * without it they get SSE-S3 ({@code AES256}).
     *
     * @throws IllegalStateException when the destination holds exports of the other format, or
     *                               its cursor item is not a cursor
     */
    public static S3ExportSink open(S3Client s3, DynamoDbClient dynamo, String table, Destination destination,
                                    ExportFormat format, Optional<String> kmsKeyId, Clock clock) throws IOException {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(cursorKey(destination))).item();
        ExportCursor cursor = ExportCursor.START;
        long version = 0;
        if (item != null && !item.isEmpty()) {
            String savedFormat = Optional.ofNullable(item.get("format")).map(AttributeValue::s).orElse("");
            if (!format.id().equals(savedFormat)) {
                throw new IllegalStateException("the prefix " + destination + " holds " + savedFormat + " exports, not "
                        + format.id()
                        + ": export " + format.id() + " to another prefix");
            }
            try {
                cursor = positions(item.get("positions"));
                version = Long.parseLong(item.get("version").n());
            } catch (RuntimeException e) {
                throw new IllegalStateException("the export cursor of " + destination + " (item "
                        + CURSOR_PARTITION_PREFIX + destination + " in table " + table + ") is not a cursor: restore it, "
                        + "or export to another prefix", e);
            }
        }
        return new S3ExportSink(s3, dynamo, table, destination, format, kmsKeyId, clock, cursor, version);
    }

    /** The key of the cursor item of {@code destination} in the audit table. */
    public static Map<String, AttributeValue> cursorKey(Destination destination) {
        return Map.of("requestId", Items.s(CURSOR_PARTITION_PREFIX + destination.uri()),
                "phase", Items.s(CURSOR_PHASE));
    }

    private static ExportCursor positions(AttributeValue value) {
        TreeMap<String, Long> positions = new TreeMap<>();
        value.m().forEach((chain, seq) -> positions.put(chain, Long.parseLong(seq.n())));
        return new ExportCursor(positions);
    }

    @Override
    public ExportCursor cursor() {
        return cursor;
    }

    @Override
    public void write(List<String> lines) throws IOException {
        for (String line : lines) {
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
            this.lines++;
        }
    }

    /**
     * Puts the buffered lines as one new object (none when there are none), then moves the
     * cursor on condition that no other export moved it since this one read it.
     *
     * @throws IllegalStateException when another export to the same destination committed
     *                               first; this run's object was removed
     * @throws IOException           when S3 or the table cannot be written
     */
    @Override
    public void commit(ExportCursor next) throws IOException {
        out.flush();
        // Names this run in the object's name and in the cursor item, to tell its own write from another's.
        String run = HexFormat.of().formatHex(randomBytes());
        String key = null;
        if (lines > 0) {
            key = destination.key("airlock-audit-" + format.id() + "-" + OBJECT_TIME.format(clock.instant()) + "-"
                    + run + ".jsonl");
            put(key);
        }
        long nextVersion = version + 1;
        try {
            dynamo.putItem(PutItemRequest.builder().tableName(table).item(cursorItem(next, nextVersion, run, key))
                    .conditionExpression(version == 0 ? "attribute_not_exists(requestId)" : "version = :expected")
                    .expressionAttributeValues(version == 0 ? null : Map.of(":expected", Items.n(version)))
                    .build());
        } catch (ConditionalCheckFailedException e) {
            if (!committedBy(run)) {
                String removed = key == null ? "" : removeLost(key);
                throw new IllegalStateException("another export to " + destination + " ran at the same time and "
                        + "committed first" + removed + ": export again to continue from where it stopped", e);
            }
            // A retried write whose first attempt had landed: the cursor is this run's.
        } catch (SdkException e) {
            throw new IOException((key == null ? "" : "wrote s3://" + destination.bucket() + "/" + key + " but ")
                    + "cannot save the export cursor in table " + table + " (" + firstLine(e) + ")"
                    + (key == null ? "" : "; the next export writes these records again"), e);
        }
        version = nextVersion;
        cursor = next;
        if (key != null) {
            lastObject = Optional.of("s3://" + destination.bucket() + "/" + key);
        }
        out.close();
        out = new BufferedOutputStream(Files.newOutputStream(buffer, StandardOpenOption.TRUNCATE_EXISTING));
        lines = 0;
    }

    private void put(String key) throws IOException {
        PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(destination.bucket()).key(key)
                .contentType(CONTENT_TYPE)
                // Never replace an object, even one that happened to get the same name.
                .ifNoneMatch("*")
                .metadata(Map.of("airlock-format", format.id(), "airlock-lines", Integer.toString(lines)));
        if (kmsKeyId.isPresent()) {
            request.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKeyId.get());
        } else {
            request.serverSideEncryption(ServerSideEncryption.AES256);
        }
        try {
            s3.putObject(request.build(), RequestBody.fromFile(buffer));
        } catch (SdkException e) {
            throw new IOException("cannot put s3://" + destination.bucket() + "/" + key + " (" + firstLine(e) + ")", e);
        }
    }

    private Map<String, AttributeValue> cursorItem(ExportCursor next, long nextVersion, String run, String key) {
        Map<String, AttributeValue> positions = new HashMap<>();
        next.positions().forEach((chain, seq) -> positions.put(chain, Items.n(seq)));
        Map<String, AttributeValue> item = new HashMap<>(cursorKey(destination));
        item.put("destination", Items.s(destination.uri()));
        item.put("format", Items.s(format.id()));
        item.put("positions", AttributeValue.fromM(positions));
        item.put("version", Items.n(nextVersion));
        item.put("exportedAt", Items.s(clock.instant().toString()));
        item.put("run", Items.s(run));
        if (key != null) {
            item.put("object", Items.s(key));
        }
        return item;
    }

    /** Whether the cursor item now is this run's: its own write, retried by the SDK after it had landed. */
    private boolean committedBy(String run) {
        try {
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                    .key(cursorKey(destination))).item();
            return item != null && item.get("run") != null && run.equals(item.get("run").s());
        } catch (SdkException e) {
            return false;
        }
    }

    /** Removes the object of a run that lost the race; says what happened for the message. */
    private String removeLost(String key) {
        try {
            s3.deleteObject(b -> b.bucket(destination.bucket()).key(key));
            return "; the object this run wrote was removed";
        } catch (SdkException e) {
            return "; the object this run wrote could not be removed (" + firstLine(e) + "): delete s3://"
                    + destination.bucket() + "/" + key + ", its records are in the other export's object";
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String firstLine(Exception e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("").strip();
    }

    /** The object the last commit wrote ({@code s3://bucket/key}); empty when it had no lines. */
    public Optional<String> lastObject() {
        return lastObject;
    }

    @Override
    public String destination() {
        return destination.uri();
    }

    @Override
    public void close() throws IOException {
        try {
            out.close();
        } finally {
            Files.deleteIfExists(buffer);
        }
    }

    @Override
    public String toString() {
        return "S3ExportSink[" + destination + ", " + format.id() + "]";
    }
}
