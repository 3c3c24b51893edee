package dev.airlock.audit.aws;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditJournalTest {
    @TempDir
    Path dir;

    private static Map<String, AttributeValue> record(String requestId) {
        return Map.of("requestId", AttributeValue.fromS(requestId), "phase", AttributeValue.fromS("intent"),
                "params", AttributeValue.fromL(List.of(AttributeValue.fromS("'Oslo'"), AttributeValue.fromN("42"),
                        AttributeValue.fromNul(true), AttributeValue.fromBool(false))),
                "maskedCounts", AttributeValue.fromM(Map.of("email", AttributeValue.fromN("3"))));
    }

    @Test
    void open_whenEarlierRunLeftRecords_returnsThemInOrderWithTypesIntact() throws IOException {
        try (AuditJournal journal = AuditJournal.open(dir, 1 << 20).journal()) {
            journal.append(record("r-1"));
            journal.append(record("r-2"));
        }
        AuditJournal.Recovered recovered = AuditJournal.open(dir, 1 << 20);
        recovered.journal().close();

        assertThat(recovered.entries()).extracting(AuditJournal.Entry::requestId).containsExactly("r-1", "r-2");
        assertThat(recovered.entries().getFirst().item()).isEqualTo(record("r-1"));
    }

    @Test
    void open_whenLastLineIsTorn_skipsOnlyThatLine() throws IOException {
        try (AuditJournal journal = AuditJournal.open(dir, 1 << 20).journal()) {
            journal.append(record("r-1"));
        }
        Path file = only(dir);
        Files.writeString(file, "{\"v\":1,\"item\":{\"requestId\":{\"S\":\"r-2\"", StandardOpenOption.APPEND);

        AuditJournal.Recovered recovered = AuditJournal.open(dir, 1 << 20);
        recovered.journal().close();

        assertThat(recovered.entries()).extracting(AuditJournal.Entry::requestId).containsExactly("r-1");
    }

    @Test
    void open_whenAnEarlierLineIsDamaged_refusesNamingFileAndLine() throws IOException {
        try (AuditJournal journal = AuditJournal.open(dir, 1 << 20).journal()) {
            journal.append(record("r-1"));
            journal.append(record("r-2"));
        }
        Path file = only(dir);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Files.write(file, List.of(lines.get(0).replace("\"S\"", "\"X\""), lines.get(1)), StandardCharsets.UTF_8);

        assertThatThrownBy(() -> AuditJournal.open(dir, 1 << 20)).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("line 1");
    }

    @Test
    void shipped_whenSegmentsFill_deletesFinishedOnesButKeepsThePrevious() throws IOException {
        try (AuditJournal journal = AuditJournal.open(dir, AuditJournal.MAX_LINE_BYTES).journal()) {
            Map<String, AttributeValue> big = Map.of("requestId", AttributeValue.fromS("r"),
                    "statement", AttributeValue.fromS("x".repeat(200 * 1024)));
            AuditJournal.Entry first = journal.append(big);
            AuditJournal.Entry second = journal.append(big);
            AuditJournal.Entry third = journal.append(big);
            assertThat(journal.files()).hasSize(3);

            journal.shipped(third);
            journal.shipped(second);
            assertThat(journal.files()).as("the oldest still holds an unshipped record").hasSize(3);

            journal.shipped(first);
            assertThat(journal.files()).extracting(p -> p.getFileName().toString())
                    .containsExactly("audit-journal-000002.jsonl", "audit-journal-000003.jsonl");
        }
    }

    @Test
    void append_whenRecordIsTooBigForTheTable_refusesIt() throws IOException {
        try (AuditJournal journal = AuditJournal.open(dir, 1 << 20).journal()) {
            Map<String, AttributeValue> huge = Map.of("requestId", AttributeValue.fromS("r"),
                    "statement", AttributeValue.fromS("x".repeat(400 * 1024)));

            assertThatThrownBy(() -> journal.append(huge)).isInstanceOf(IOException.class)
                    .hasMessageContaining("at most 350 KiB");
        }
    }

    private static Path only(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            List<Path> withRecords = files.filter(p -> {
                try {
                    return Files.size(p) > 0;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
            assertThat(withRecords).hasSize(1);
            return withRecords.getFirst();
        }
    }
}
