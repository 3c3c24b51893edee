package dev.airlock.audit.aws;

import dev.airlock.aws.support.DynamoDbJson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Append-only files of audit records not yet known to be in the audit table, one JSON object
 * per line ({@code {"v":1,"item":{...}}}, the item in DynamoDB's JSON shape). A segment is
 * deleted once all its records are shipped and a newer segment has filled after it: the table
 * store can lose its last acknowledged writes when the process is killed, and keeping the
 * previous segment lets the next start write them again.
 */
final class AuditJournal implements AutoCloseable {
    /** A journaled record and the segment holding it. */
    record Entry(long segment, Map<String, AttributeValue> item) {
        String requestId() {
            return item.get("requestId").s();
        }
    }

    static final String PREFIX = "audit-journal-";
    static final String SUFFIX = ".jsonl";
    /** DynamoDB refuses items over 400 KB; larger records would never ship. */
    static final int MAX_LINE_BYTES = 350 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VERSION = 1;

    private final Path dir;
    private final long segmentBytes;
    /** Unshipped records per segment; a segment with none is finished once two newer ones exist. */
    private final TreeMap<Long, Integer> unshipped = new TreeMap<>();
    private long current;
    private FileChannel channel;
    private long written;
    private long appended;
    private volatile long synced;

    private AuditJournal(Path dir, long segmentBytes) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
    }

    /**
     * Opens the journal in {@code dir} and returns, with it, every record its segments hold, in
     * the order they were written; new records go to a fresh segment.
     */
    static Recovered open(Path dir, long segmentBytes) throws IOException {
        Files.createDirectories(dir);
        AuditJournal journal = new AuditJournal(dir, segmentBytes);
        List<Long> segments = segments(dir);
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            long segment = segments.get(i);
            List<Entry> read = read(dir.resolve(name(segment)), segment, i == segments.size() - 1);
            entries.addAll(read);
            journal.unshipped.put(segment, read.size());
        }
        journal.current = segments.isEmpty() ? 1 : segments.getLast() + 1;
        journal.openCurrent();
        return new Recovered(journal, List.copyOf(entries));
    }

    record Recovered(AuditJournal journal, List<Entry> entries) {
    }

    /**
     * Writes the record to the file: once this returns it survives the process being killed;
     * {@link #sync} makes it survive power loss too.
     *
     * @return the entry, to hand back to {@link #shipped} once the table has the record
     */
    Entry append(Map<String, AttributeValue> item) throws IOException {
        // Encoded outside the lock: concurrent requests wait only for each other's write.
        ObjectNode line = JSON.createObjectNode().put("v", VERSION);
        line.set("item", DynamoDbJson.toJson(item));
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_LINE_BYTES) {
            throw new IOException("the record is " + bytes.length / 1024 + " KiB; the audit table takes at most "
                    + MAX_LINE_BYTES / 1024 + " KiB per record");
        }
        return write(bytes, item);
    }

    private synchronized Entry write(byte[] bytes, Map<String, AttributeValue> item) throws IOException {
        if (written > 0 && written + bytes.length > segmentBytes) {
            rotate();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        written += bytes.length;
        appended++;
        unshipped.merge(current, 1, Integer::sum);
        return new Entry(current, item);
    }

    /**
     * Puts everything appended so far on disk. Appends go on meanwhile: an {@code fsync} can take
     * milliseconds and must not hold up requests that only need their line written.
     */
    void sync() throws IOException {
        FileChannel current;
        long upTo;
        synchronized (this) {
            current = channel;
            upTo = appended;
        }
        if (upTo == synced) {
            return;
        }
        try {
            current.force(false);
        } catch (ClosedChannelException rotatedOrClosed) {
            // rotate() and close() force the segment before closing it
        }
        synced = Math.max(synced, upTo);
    }

    /** The table has the entry's record; segments that no longer matter are deleted. */
    synchronized void shipped(Entry entry) {
        unshipped.computeIfPresent(entry.segment(), (segment, count) -> count - 1);
        deleteFinishedSegments();
    }

    /** Segment files on disk, oldest first; for tests and for operators' curiosity. */
    synchronized List<Path> files() throws IOException {
        return segments(dir).stream().map(s -> dir.resolve(name(s))).toList();
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel.isOpen()) {
            channel.force(false);
            channel.close();
        }
    }

    private void rotate() throws IOException {
        channel.force(false);
        channel.close();
        current++;
        openCurrent();
        deleteFinishedSegments();
    }

    private void openCurrent() throws IOException {
        channel = FileChannel.open(dir.resolve(name(current)), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        written = 0;
        unshipped.putIfAbsent(current, 0);
    }

    private void deleteFinishedSegments() {
        var iterator = unshipped.entrySet().iterator();
        while (iterator.hasNext()) {
            var segment = iterator.next();
            if (segment.getKey() >= current - 1) {
                return;
            }
            if (segment.getValue() > 0) {
                return;
            }
            try {
                Files.deleteIfExists(dir.resolve(name(segment.getKey())));
                iterator.remove();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static List<Long> segments(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(PREFIX) && n.endsWith(SUFFIX))
                    .map(n -> Long.parseLong(n.substring(PREFIX.length(), n.length() - SUFFIX.length())))
                    .sorted().toList();
        }
    }

    private static String name(long segment) {
        return PREFIX + String.format("%06d", segment) + SUFFIX;
    }

    /**
     * A torn last line of the newest segment is what a crash mid-write leaves, and that record
     * was never acknowledged, so it is skipped; anything else unreadable means the journal was
     * damaged, and start-up stops rather than lose records quietly.
     */
    private static List<Entry> read(Path file, long segment, boolean newest) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(line);
                if (node.path("v").asInt() != VERSION) {
                    throw new IllegalArgumentException("unknown journal version " + node.path("v"));
                }
                entries.add(new Entry(segment, DynamoDbJson.fromJson(node.get("item"))));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                boolean tornTail = newest && i == lines.size() - 1;
                if (!tornTail) {
                    throw new IOException("the audit journal " + file + " is damaged at line " + (i + 1) + " ("
                            + e.getMessage() + "); it holds audit records not yet in the table: keep the file for "
                            + "investigation, move it out of the folder and start again", e);
                }
            }
        }
        return entries;
    }
}
