package dev.airlock.masking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Detector quality on the labelled corpus: for every type, precision at least 0.99 and recall
 * at least 0.98. A finding counts as right when it overlaps a labelled value of its type.
 */
class MaskingQualityTest {
    private static final Path CORPUS = Path.of(System.getProperty("airlock.masking.corpus"));
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Label(String type, int start, int end) {
        boolean overlaps(Finding f) {
            return f.type().equals(type) && f.start() < end && start < f.end();
        }
    }

    private static final class Score {
        int labels;
        int found;
        int findings;
        int correctFindings;

        double precision() {
            return findings == 0 ? 1.0 : (double) correctFindings / findings;
        }

        double recall() {
            return labels == 0 ? 1.0 : (double) found / labels;
        }
    }

    @Test
    void committedCorpus_isWhatTheGeneratorProduces() throws IOException {
        String generated = new PiiCorpusGenerator().generate();
        if (Boolean.getBoolean("airlock.masking.regenerate")) {
            Files.writeString(CORPUS, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(CORPUS, StandardCharsets.UTF_8))
                .as("regenerate with -Dairlock.masking.regenerate=true").isEqualTo(generated);
    }

    @Test
    void everyDetector_meetsPrecisionAndRecallTargets() throws IOException {
        TextScanner scanner = TextScanner.withAllDetectors("US");
        Map<String, Score> scores = new TreeMap<>();
        scanner.types().forEach(type -> scores.put(type, new Score()));
        List<String> misses = new ArrayList<>();
        int texts = 0;
        for (String line : Files.readAllLines(CORPUS, StandardCharsets.UTF_8)) {
            JsonNode entry = JSON.readTree(line);
            String text = entry.get("text").asText();
            List<Label> labels = new ArrayList<>();
            entry.get("labels").forEach(l -> labels.add(new Label(l.get("type").asText(), l.get("start").asInt(),
                    l.get("end").asInt())));
            char[] chars = text.toCharArray();
            List<Finding> findings = scanner.scan(chars, 0, chars.length);
            texts++;
            for (Label label : labels) {
                Score score = scores.get(label.type());
                score.labels++;
                if (findings.stream().anyMatch(label::overlaps)) {
                    score.found++;
                } else {
                    misses.add("missed " + label.type() + " in: " + text);
                }
            }
            for (Finding finding : findings) {
                Score score = scores.get(finding.type());
                score.findings++;
                if (labels.stream().anyMatch(l -> l.overlaps(finding))) {
                    score.correctFindings++;
                } else {
                    misses.add("wrongly found " + finding.type() + " '" + text.substring(finding.start(), finding.end())
                            + "' in: " + text);
                }
            }
        }
        System.out.printf("masking corpus: %d texts%n| detector | labelled | precision | recall |%n|---|---:|---:|---:|%n",
                texts);
        scores.forEach((type, s) -> System.out.printf("| %s | %d | %.4f | %.4f |%n", type, s.labels, s.precision(),
                s.recall()));
        misses.stream().limit(40).forEach(m -> System.out.println("  " + m.replace('\n', ' ')));
        scores.forEach((type, s) -> {
            assertThat(s.labels).as("labelled %s values", type).isGreaterThanOrEqualTo(100);
            assertThat(s.precision()).as("precision of %s", type).isGreaterThanOrEqualTo(0.99);
            assertThat(s.recall()).as("recall of %s", type).isGreaterThanOrEqualTo(0.98);
        });
    }
}
