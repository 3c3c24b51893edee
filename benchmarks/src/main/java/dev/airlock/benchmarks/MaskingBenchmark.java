package dev.airlock.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.airlock.core.model.JsonMaskRule;
import dev.airlock.masking.MaskingEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Masking throughput on a 1 MiB JSON response, against a plain Jackson parse-and-write of the
 * same bytes in the same run, for an ordinary response with about 1% personal data and for
 * inputs built to make a scanner work hard. Run from the repository root:
 * {@code java -cp benchmarks/target/benchmarks.jar dev.airlock.benchmarks.MaskingBenchmark}
 * prints MB/s and the ratios docs/benchmarks.md reports.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class MaskingBenchmark {
    /** Jackson's default nesting limit is 500 (StreamReadConstraints); the adversary goes to it. */
    static final int NESTING = StreamReadConstraints.DEFAULT_MAX_DEPTH;
    private static final JsonFactory JSON = JsonFactory.builder().build();

    @Param({"pii-1pct", "digit-runs", "at-signs", "dots-and-colons", "base64-blobs", "deep-nesting"})
    public String document;

    private byte[] bytes;
    private MaskingEngine engine;
    private List<JsonMaskRule> rules;

    @Setup
    public void setUp() {
        bytes = MaskingDocuments.build(document).bytes();
        engine = MaskingEngine.withDefaultDetectors();
        rules = List.of();
    }

    /** Every string and number scanned by every detector, written back out masked. */
    @Benchmark
    public Map<String, Integer> mask() throws IOException {
        return engine.maskJson(new ByteArrayInputStream(bytes), OutputStream.nullOutputStream(), rules);
    }

    /** The floor: Jackson reading every token and writing it back, nothing else. */
    @Benchmark
    public void jacksonCopy() throws IOException {
        try (JsonParser parser = JSON.createParser(new ByteArrayInputStream(bytes));
             JsonGenerator generator = JSON.createGenerator(OutputStream.nullOutputStream())) {
            while (parser.nextToken() != null) {
                generator.copyCurrentEvent(parser);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .parent(new CommandLineOptions(args))
                .include(MaskingBenchmark.class.getSimpleName())
                .build()).run();
        Map<String, double[]> opsPerSecond = new TreeMap<>();
        for (RunResult result : results) {
            String doc = result.getParams().getParam("document");
            String method = result.getParams().getBenchmark();
            double[] row = opsPerSecond.computeIfAbsent(doc, d -> new double[4]);
            int column = method.endsWith(".mask") ? 0 : 2;
            row[column] = result.getPrimaryResult().getScore();
            row[column + 1] = result.getPrimaryResult().getScoreError();
        }
        printTable(opsPerSecond);
    }

    private static void printTable(Map<String, double[]> opsPerSecond) {
        double benignMask = opsPerSecond.containsKey("pii-1pct") ? opsPerSecond.get("pii-1pct")[0] : Double.NaN;
        List<String> lines = new ArrayList<>();
        lines.add("| document | size | PII share | mask MB/s | Jackson copy MB/s | mask / Jackson | slowdown vs pii-1pct |");
        lines.add("|---|---:|---:|---:|---:|---:|---:|");
        for (Map.Entry<String, double[]> e : opsPerSecond.entrySet()) {
            MaskingDocuments.Document doc = MaskingDocuments.build(e.getKey());
            double mb = doc.bytes().length / 1e6;
            double[] r = e.getValue();
            lines.add(String.format(Locale.ROOT, "| %s | %.2f MB | %.2f%% | %.0f ± %.0f | %.0f ± %.0f | %.0f%% | %.1f× |",
                    e.getKey(), mb, doc.piiShare() * 100, r[0] * mb, r[1] * mb, r[2] * mb, r[3] * mb,
                    100 * r[0] / r[2], benignMask / r[0]));
        }
        System.out.println();
        lines.forEach(System.out::println);
    }
}
