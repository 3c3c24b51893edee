package dev.airlock.awsapi.mask;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;

/**
 * Text and CSV objects, masked as they stream: whole lines are gathered into batches of about
 * {@link #BATCH_CHARS} and each batch goes through the detectors, so memory stays bounded
 * whatever the object's size. A line longer than {@link #MAX_LINE_CHARS} is not held at all: it
 * becomes {@code ****}. A PEM private key block is kept in one batch (up to the line bound) so
 * the detector sees it whole; one that never ends is masked to the end of the object.
 */
final class TextLineMasker {
    static final int MAX_LINE_CHARS = 1024 * 1024;
    static final int BATCH_CHARS = 64 * 1024;
    static final String OVERSIZED = "oversized_line";

    private final DetectorPass detectors;
    private final Writer out;
    private final java.util.Map<String, Integer> counts;
    private final StringBuilder batch = new StringBuilder();
    private final StringBuilder line = new StringBuilder();
    private boolean lineTooLong;
    private boolean inKey;
    private boolean keyTooLong;

    TextLineMasker(DetectorPass detectors, Writer out, java.util.Map<String, Integer> counts) {
        this.detectors = detectors;
        this.out = out;
        this.counts = counts;
    }

    void mask(Reader in) throws IOException {
        char[] buffer = new char[16 * 1024];
        int read;
        while ((read = in.read(buffer)) != -1) {
            int start = 0;
            for (int i = 0; i < read; i++) {
                if (buffer[i] == '\n') {
                    append(buffer, start, i + 1);
                    endLine();
                    start = i + 1;
                }
            }
            append(buffer, start, read);
        }
        if (!line.isEmpty() || lineTooLong) {
            endLine();
        }
        if (inKey && keyTooLong) {
            batch.setLength(0);
        }
        flush();
        out.flush();
    }

    private void append(char[] buffer, int from, int to) {
        if (lineTooLong) {
            return;
        }
        if (line.length() + (to - from) > MAX_LINE_CHARS) {
            lineTooLong = true;
            line.setLength(0);
            line.trimToSize();
            return;
        }
        line.append(buffer, from, to - from);
    }

    private void endLine() throws IOException {
        boolean newline = !line.isEmpty() && line.charAt(line.length() - 1) == '\n';
        if (lineTooLong) {
            flush();
            out.write(AwsAnswerMasker.MASK);
            out.write('\n');
            counts.merge(OVERSIZED, 1, Integer::sum);
            lineTooLong = false;
            return;
        }
        String text = line.toString();
        line.setLength(0);
        if (!inKey && text.contains("-----BEGIN ") && text.contains("PRIVATE KEY-----")) {
            flush();
            inKey = true;
        }
        if (inKey) {
            keyLine(text);
            return;
        }
        batch.append(text);
        if (batch.length() >= BATCH_CHARS || !newline) {
            flush();
        }
    }

    /** Lines of a private key block: gathered so the detector sees the block whole. */
    private void keyLine(String text) throws IOException {
        if (!keyTooLong && batch.length() + text.length() > MAX_LINE_CHARS) {
            keyTooLong = true;
            batch.setLength(0);
            out.write(AwsAnswerMasker.MASK);
            out.write('\n');
            counts.merge("private_key", 1, Integer::sum);
        }
        if (!keyTooLong) {
            batch.append(text);
        }
        if (text.contains("-----END ")) {
            if (!keyTooLong) {
                flush();
            }
            inKey = false;
            keyTooLong = false;
        }
    }

    private void flush() throws IOException {
        if (!batch.isEmpty()) {
            out.write(detectors.mask(batch.toString()));
            batch.setLength(0);
        }
    }
}
