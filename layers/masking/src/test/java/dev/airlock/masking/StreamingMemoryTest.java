package dev.airlock.masking;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Masking a JSON response must not hold it in memory: a child JVM with a 16 MB heap masks a
 * 128 MB document generated on the fly, which a buffering masker could not even read.
 */
class StreamingMemoryTest {
    static final long RECORDS = 1_400_000;

    @Test
    void maskJson_whenResponseIsEightTimesTheHeap_streamsItThrough() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(List.of(java.toString(), "-Xmx16m", "-cp",
                System.getProperty("java.class.path"), StreamingMemoryTest.class.getName()))
                .redirectErrorStream(true).start();
        boolean ended = child.waitFor(120, TimeUnit.SECONDS);
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(ended).as("the child finished").isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("email=" + RECORDS / 7 + " ");
        long bytes = Long.parseLong(output.replaceAll("(?s).*bytes=(\\d+).*", "$1"));
        assertThat(bytes).as("bytes masked").isGreaterThan(8L * 16 * 1024 * 1024);
    }

    /** The child: masks the generated stream into nowhere and prints what it saw. */
    public static void main(String[] args) throws IOException {
        Records in = new Records();
        Map<String, Integer> counts = MaskingEngine.withDefaultDetectors()
                .maskJson(in, OutputStream.nullOutputStream(), List.of());
        System.out.println("bytes=" + in.produced + " email=" + counts.getOrDefault("email", 0)
                + " maxHeapMb=" + Runtime.getRuntime().maxMemory() / (1 << 20));
    }

    /** {@code [{...},{...},...]}: fixed-size records, every seventh with an email in its note. */
    static final class Records extends InputStream {
        private long next;
        private byte[] current = "[".getBytes(StandardCharsets.US_ASCII);
        private int position;
        long produced;

        private static byte[] record(long n) {
            String note = n % 7 == 0 ? String.format("mail ann%07d@example.com", n % 10_000_000)
                    : String.format("leave at door %014d", n);
            return String.format("{\"id\":\"ord-%010d\",\"state\":\"SHIPPED\",\"total\":%d.25,\"note\":\"%s\"}%s",
                    n, 10_000 + n % 90_000, note, n + 1 < RECORDS ? "," : "]").getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position == current.length) {
                if (next == RECORDS) {
                    return -1;
                }
                current = record(next++);
                position = 0;
            }
            int n = Math.min(len, current.length - position);
            System.arraycopy(current, position, b, off, n);
            position += n;
            produced += n;
            return n;
        }
    }
}
