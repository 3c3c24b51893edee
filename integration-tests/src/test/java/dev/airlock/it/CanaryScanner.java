package dev.airlock.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Searches the {@link Evidence} a build recorded for its {@link Canaries}, as written and in the
 * encodings a leak could take (URL-encoded, hex, base64 and base64url at each of the three byte
 * alignments a canary can have inside a longer encoded value), and counts what it searched so
 * that an empty or partial recording cannot pass.
 */
final class CanaryScanner {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One way a canary can appear. */
    record Form(String canary, String encoding, String text, boolean ignoreCase) {
    }

    /** A canary found: where, which, and in what form. */
    record Finding(Path file, int line, String canary, String encoding) {
        @Override
        public String toString() {
            return file + ":" + line + ": the " + canary + " canary (" + encoding + ")";
        }
    }

    /** What the scan needs to have seen to mean anything. */
    record Expectations(int minGateways, int minFunctions) {
    }

    /** What was searched, what was found, and why the evidence is not enough (if it is not). */
    record Report(List<Finding> findings, List<String> problems, int files, long lines, long responses,
                  long cliRuns, long gatewayOutputLines, long functionOutputLines, long auditRecords,
                  int journalFiles, long dataFolderLogLines, int gateways, int gatewaysOnCanaryDatabase,
                  int functions) {
        String summary() {
            return ("canary scan: %d files, %d lines: %d gateway responses, %d CLI runs, %d gateway output lines, "
                    + "%d function output lines, %d audit records (+%d journal files), %d data-folder log lines; "
                    + "%d gateways (%d on the canary "
                    + "database password), %d functions; %d findings, %d problems").formatted(files, lines, responses,
                    cliRuns, gatewayOutputLines, functionOutputLines, auditRecords, journalFiles, dataFolderLogLines, gateways,
                    gatewaysOnCanaryDatabase, functions, findings.size(), problems.size());
        }
    }

    private CanaryScanner() {
    }

    static List<Form> forms(String name, String canary) {
        List<Form> forms = new ArrayList<>();
        forms.add(new Form(name, "as is", canary, true));
        forms.add(new Form(name, "URL-encoded", URLEncoder.encode(canary, StandardCharsets.UTF_8), true));
        byte[] bytes = canary.getBytes(StandardCharsets.UTF_8);
        forms.add(new Form(name, "hex", HexFormat.of().formatHex(bytes), true));
        for (int offset = 0; offset < 3; offset++) {
            // Inside a longer base64 value the canary starts at one of three byte alignments; for each,
            // the whole 3-byte groups from there on encode the same way whatever surrounds them.
            int length = (bytes.length - offset) / 3 * 3;
            byte[] aligned = Arrays.copyOfRange(bytes, offset, offset + length);
            forms.add(new Form(name, "base64, offset " + offset, Base64.getEncoder().encodeToString(aligned), false));
            forms.add(new Form(name, "base64url, offset " + offset,
                    Base64.getUrlEncoder().encodeToString(aligned), false));
        }
        // Where two encodings give the same text (nothing to URL-encode, say), one finding is enough.
        Map<String, Form> byText = new LinkedHashMap<>();
        forms.forEach(f -> byText.putIfAbsent(f.ignoreCase() ? f.text().toLowerCase(Locale.ROOT) : f.text(), f));
        return List.copyOf(byText.values());
    }

    static List<Form> forms(Canaries.Values canaries) {
        List<Form> forms = new ArrayList<>(forms("database password", canaries.databasePassword()));
        forms.addAll(forms("AWS secret key", canaries.awsSecretKey()));
        return forms;
    }

    static Report scan(Path root, Canaries.Values canaries, Expectations expected) {
        List<Form> forms = new ArrayList<>(forms(canaries));
        Canaries.learned(root).forEach((what, secret) -> forms.addAll(forms(what, secret)));
        List<Finding> findings = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        MaskedCanaries masked = MaskedCanaries.read(root);
        int files = 0;
        long lines = 0;
        long responses = 0;
        long cliRuns = 0;
        long gatewayLines = 0;
        long functionLines = 0;
        long records = 0;
        long dataLogLines = 0;
        int journals = 0;
        int gateways = 0;
        int onCanaryDatabase = 0;
        int gatewaysOnCanaryKey = 0;
        int functions = 0;
        int functionsOnCanaryKey = 0;
        for (Path file : files(root)) {
            if (file.getParent().equals(root) && (file.getFileName().toString().equals(Canaries.FILE)
                    || file.getFileName().toString().equals(Canaries.LEARNED)
                    || file.getFileName().toString().equals(MaskedCanaries.FILE))) {
                continue;
            }
            files++;
            List<String> text = read(file);
            lines += text.size();
            for (int i = 0; i < text.size(); i++) {
                String line = text.get(i);
                String lower = line.toLowerCase(Locale.ROOT);
                for (Form form : forms) {
                    if (form.ignoreCase() ? lower.contains(form.text().toLowerCase(Locale.ROOT))
                            : line.contains(form.text())) {
                        findings.add(new Finding(root.relativize(file), i + 1, form.canary(), form.encoding()));
                    }
                }
            }
            if (masked != null && MaskedCanaries.searched(file)) {
                List<String> searched = MaskedCanaries.lines(file, text);
                for (int i = 0; i < searched.size(); i++) {
                    for (MaskedCanaries.Form form : masked.findIn(searched.get(i))) {
                        boolean decoded = i >= text.size();
                        findings.add(new Finding(root.relativize(file), decoded ? i - text.size() + 1 : i + 1,
                                "masked " + form.what(), form.encoding() + (decoded ? ", decoded mail" : "")));
                    }
                }
            }
            String name = file.getFileName().toString();
            long nonBlank = text.stream().filter(l -> !l.isBlank()).count();
            if (name.equals(Evidence.RESPONSES)) {
                responses += nonBlank;
            } else if (name.equals(Evidence.CLI)) {
                cliRuns += nonBlank;
            } else if (name.endsWith(Evidence.RECORDS)) {
                records += nonBlank;
            } else if (name.contains(Evidence.JOURNAL)) {
                journals++;
            } else if (name.contains(Evidence.DATA_LOG)) {
                dataLogLines += nonBlank;
            } else if (name.endsWith(Evidence.OUTPUT)) {
                if (name.startsWith(Evidence.GATEWAY_PREFIX)) {
                    gatewayLines += nonBlank;
                } else {
                    functionLines += nonBlank;
                }
            } else if (name.endsWith(Evidence.STARTED)) {
                JsonNode facts = parse(file);
                String base = name.substring(0, name.length() - Evidence.STARTED.length());
                if (name.startsWith(Evidence.FUNCTION_PREFIX)) {
                    functions++;
                    functionsOnCanaryKey += facts.path("canaryAwsSecretKey").asBoolean() ? 1 : 0;
                    if (!Files.exists(file.resolveSibling(base + Evidence.OUTPUT))) {
                        problems.add(root.relativize(file) + ": the function's log was never recorded (not closed?)");
                    }
                    continue;
                }
                gateways++;
                gatewaysOnCanaryKey += facts.path("canaryAwsSecretKey").asBoolean() ? 1 : 0;
                if (!facts.path("closed").asBoolean() || !Files.exists(file.resolveSibling(base + Evidence.OUTPUT))) {
                    problems.add(root.relativize(file) + ": the gateway's output was never recorded (not closed?)");
                }
                if (facts.path("ready").asBoolean() && facts.path("canaryDatabasePassword").asBoolean()) {
                    if (facts.path("canaryDatabaseLogin").asText().equals("ok")) {
                        onCanaryDatabase++;
                    } else {
                        problems.add(root.relativize(file) + ": its demo database was not shown to run with the "
                                + "canary password: " + facts.path("canaryDatabaseLogin").asText("never checked"));
                    }
                }
            }
        }
        if (responses == 0) {
            problems.add("no gateway response was recorded");
        }
        if (gatewayLines == 0) {
            problems.add("no gateway output line was recorded");
        }
        if (records == 0) {
            problems.add("no audit record was recorded");
        }
        if (gateways < Math.max(1, expected.minGateways())) {
            problems.add("only " + gateways + " gateways recorded evidence; expected at least "
                    + Math.max(1, expected.minGateways()));
        }
        if (gateways > 0 && masked == null) {
            problems.add("the demo's masked values were never recorded (" + MaskedCanaries.FILE + ")");
        }
        if (onCanaryDatabase == 0) {
            problems.add("no gateway ran its demo database with the canary password");
        }
        if (gateways > 0 && gatewaysOnCanaryKey == 0) {
            problems.add("no gateway ran with the canary AWS secret key");
        }
        if (functions < expected.minFunctions()) {
            problems.add("only " + functions + " packaged function runs recorded evidence; expected at least "
                    + expected.minFunctions());
        }
        if (functions > 0 && functionsOnCanaryKey == 0) {
            problems.add("no packaged function ran with the canary AWS secret key");
        }
        if (functions > 0 && functionLines == 0) {
            problems.add("the packaged functions' logs are all empty");
        }
        return new Report(findings, problems, files, lines, responses, cliRuns, gatewayLines, functionLines, records,
                journals, dataLogLines, gateways, onCanaryDatabase, functions);
    }

    private static List<Path> files(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Any bytes, as lines: canaries are ASCII, so Latin-1 keeps them whatever else the file holds. */
    private static List<String> read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
