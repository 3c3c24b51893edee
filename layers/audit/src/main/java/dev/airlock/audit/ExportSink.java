package dev.airlock.audit;

import java.io.IOException;
import java.util.List;

/**
 * Where an export goes, and where the cursor of the last export is kept. An export reads the
 * cursor, writes its lines, and commits the new cursor only after the lines are durable: a
 * crash before the commit exports the same records again next time rather than skipping them.
 */
public interface ExportSink extends AutoCloseable {

    /** Where the last committed export stopped; {@link ExportCursor#START} before the first. */
    ExportCursor cursor();

    /** Appends lines (JSON objects without the newline); they count only once committed. */
    void write(List<String> lines) throws IOException;

    /** Makes every line written so far durable, then records {@code next} as the cursor. */
    void commit(ExportCursor next) throws IOException;

    /** Where the lines go, for messages: a path or a URI. */
    String destination();

    @Override
    void close() throws IOException;
}
