package dev.airlock.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** One local gateway per data folder: a second one would fight over the database files. */
final class DataFolderLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DataFolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DataFolderLock acquire(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            FileChannel channel = FileChannel.open(dataDir.resolve("gateway.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new LocalStartupException("Another Airlock gateway is already using the data folder " + dataDir
                        + ". Stop it first, or pass --data-dir to use another folder.");
            }
            return new DataFolderLock(channel, lock);
        } catch (IOException e) {
            throw new LocalStartupException("Cannot use the data folder " + dataDir + ": " + e.getMessage()
                    + ". Check that it is writable, or pass --data-dir.", e);
        }
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
