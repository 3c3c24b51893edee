package dev.airlock.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Exports to a local file, one line per record or event, appended run after run. The cursor
 * lives beside it in {@code <file>.cursor.json} with the format and the file's committed
 * length; it is replaced atomically, and only after the lines are on disk. Lines past the
 * committed length were written by a run that never committed: the next run cuts them off and
 * exports those records again, so the file holds each one once.
 *
 * <p>The file is locked while open: a second export to the same file fails instead of
 * interleaving. A file without a cursor is refused, so a full export is never appended to
 * something unknown.
 */
public final class FileExportSink implements ExportSink {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Path cursorFile;
    private final ExportFormat format;
    private final FileChannel channel;
    private final FileLock lock;
    private final ExportCursor cursor;

    private FileExportSink(Path file, Path cursorFile, ExportFormat format, FileChannel channel, FileLock lock,
                           ExportCursor cursor) {
        this.file = file;
        this.cursorFile = cursorFile;
        this.format = format;
        this.channel = channel;
        this.lock = lock;
        this.cursor = cursor;
    }

    /**
     * Opens {@code file} for an export in {@code format}, creating it and its folders if
     * missing.
     *
     * @throws IllegalStateException when another export holds the file, the file holds another
     *                               format, or it has content but no cursor
     */
    public static FileExportSink open(Path file, ExportFormat format) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        Path cursorFile = cursorFileOf(absolute);
        if (absolute.getParent() != null) {
            Files.createDirectories(absolute.getParent());
        }
        FileChannel channel = FileChannel.open(absolute, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            FileLock lock = lock(channel, absolute);
            try {
                ExportCursor cursor = ExportCursor.START;
                if (Files.exists(cursorFile)) {
                    JsonNode saved = readCursorFile(cursorFile);
                    String savedFormat = saved.path("format").asText();
                    if (!format.id().equals(savedFormat)) {
                        throw new IllegalStateException(absolute + " holds " + savedFormat + " lines, not "
                                + format.id() + ": export " + format.id() + " to another file");
                    }
                    cursor = ExportCursor.fromJsonNode(saved.get("positions"));
                    long committed = saved.path("bytes").asLong(-1);
                    if (committed >= 0 && channel.size() > committed) {
                        // Written by a run that did not commit; this run exports those records again.
                        channel.truncate(committed);
                    }
                } else if (channel.size() > 0) {
                    throw new IllegalStateException(absolute + " is not empty but has no cursor (" + cursorFile
                            .getFileName() + "): export to a new file, or remove it to export everything again");
                }
                channel.position(channel.size());
                return new FileExportSink(absolute, cursorFile, format, channel, lock, cursor);
            } catch (RuntimeException | IOException e) {
                lock.release();
                throw e;
            }
        } catch (RuntimeException | IOException e) {
            channel.close();
            throw e;
        }
    }

    /** Where the cursor of an export to {@code file} is kept. */
    public static Path cursorFileOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".cursor.json");
    }

    private static FileLock lock(FileChannel channel, Path file) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new IllegalStateException("another export to " + file + " is running: wait for it to finish");
        }
        return lock;
    }

    private static JsonNode readCursorFile(Path cursorFile) throws IOException {
        JsonNode saved;
        try {
            saved = JSON.readTree(cursorFile.toFile());
        } catch (IOException e) {
            throw new IllegalStateException(cursorFile + " is not an export cursor (" + e.getMessage().lines()
                    .findFirst().orElse("") + "): restore it, or export to a new file", e);
        }
        if (saved == null || !saved.isObject() || !saved.path("positions").isObject()) {
            throw new IllegalStateException(cursorFile + " is not an export cursor: restore it, or export to a new file");
        }
        return saved;
    }

    @Override
    public ExportCursor cursor() {
        return cursor;
    }

    @Override
    public void write(List<String> lines) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append('\n');
        }
        ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** Forces the lines to disk, then replaces the cursor file in one atomic rename. */
    @Override
    public void commit(ExportCursor next) throws IOException {
        channel.force(true);
        ObjectNode saved = JSON.createObjectNode();
        saved.put("format", format.id());
        saved.put("bytes", channel.size());
        saved.set("positions", next.toJsonNode());
        Path temporary = cursorFile.resolveSibling(cursorFile.getFileName() + ".tmp");
        Files.write(temporary, (saved + "\n").getBytes(StandardCharsets.UTF_8));
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            out.force(true);
        }
        try {
            Files.move(temporary, cursorFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, cursorFile, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public String destination() {
        return file.toString();
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    @Override
    public String toString() {
        return "FileExportSink[" + file + ", " + format.id() + "]";
    }
}
