package dev.airlock.audit.aws;

import dev.airlock.audit.ExportCursor;
import dev.airlock.audit.ExportFormat;
import dev.airlock.audit.FileExportSink;
import dev.airlock.aws.support.LocalDynamoDb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.AuditIntent;
import dev.airlock.core.model.AuditOutcome;
import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.model.RequestStatus;
import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.SqlClassification;
import dev.airlock.core.model.StatementKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JSON Lines exports from the real DynamoDB Local to a file: every record once, then only what is new. */
class AuditExporterTest {
    @TempDir
    static Path dir;
    @RegisterExtension
    static final LocalDynamoDb LOCAL = new LocalDynamoDb();
    private static DynamoDbClient dynamo;
    private static final Instant T0 = ExportRequests.T0;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() {
        dynamo = LOCAL.client();
    }

    /** A fresh audit table. */
    private static String table() {
        return LOCAL.newAuditTable("export");
    }

    private static AuditExporter.Result export(String table, Path file) throws IOException {
        try (FileExportSink sink = FileExportSink.open(file, ExportFormat.JSONL)) {
            return new AuditExporter(dynamo, table).export(ExportFormat.JSONL, sink);
        }
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    private static List<String> ids(List<JsonNode> lines) {
        return lines.stream().map(l -> l.get("requestId").asText() + "/" + l.get("phase").asText()).toList();
    }

    @Test
    void export_whenJsonl_writesEveryRecordOnceWithItsChainPosition() throws IOException {
        String table = table();
        DynamoDbAuditLog log = new DynamoDbAuditLog(dynamo, table);
        ExportRequests.write(log, 0, 40, true);
        ExportRequests.write(log, 40, 42, false);
        Path file = dir.resolve("jsonl-once/audit.jsonl");

        AuditExporter.Result result = export(table, file);

        List<JsonNode> lines = lines(file);
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 42; i++) {
            expected.add("r-" + i + "/intent");
            if (i < 40) {
                expected.add("r-" + i + "/outcome");
            }
        }
        assertThat(ids(lines)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
        assertThat(result.records()).isEqualTo(82);
        assertThat(result.events()).isZero();
        assertThat(result.skipped()).isZero();
        // Chain by chain, in position order, each record following the hash of the one before.
        Map<String, String> previousHash = new java.util.HashMap<>();
        Map<String, Long> previousSeq = new java.util.HashMap<>();
        for (JsonNode line : lines) {
            String chain = line.get("chain").asText();
            assertThat(line.get("seq").asLong()).isEqualTo(previousSeq.getOrDefault(chain, 0L) + 1);
            assertThat(line.get("prevHash").asText()).isEqualTo(previousHash.getOrDefault(chain, AuditHash.GENESIS));
            previousSeq.put(chain, line.get("seq").asLong());
            previousHash.put(chain, line.get("hash").asText());
        }
        assertThat(result.cursor().positions()).isEqualTo(new java.util.TreeMap<>(previousSeq));
    }

    @Test
    void export_whenJsonl_keepsNaturalJsonTypes() throws IOException {
        String table = table();
        ExportRequests.write(new DynamoDbAuditLog(dynamo, table), 0, 1, true);
        Path file = dir.resolve("jsonl-types/audit.jsonl");

        export(table, file);

        JsonNode intent = lines(file).stream().filter(l -> l.get("phase").asText().equals("intent")).findFirst()
                .orElseThrow();
        JsonNode outcome = lines(file).stream().filter(l -> l.get("phase").asText().equals("outcome")).findFirst()
                .orElseThrow();
        assertThat(intent.get("seq").isIntegralNumber()).isTrue();
        assertThat(intent.get("policyIds").isArray()).isTrue();
        assertThat(intent.get("params").get(0).asText()).isEqualTo("[EMAIL]");
        assertThat(intent.get("kind").asText()).isEqualTo("sql:select");
        assertThat(intent.get("hash").asText()).hasSize(64);
        assertThat(outcome.get("durationMillis").isIntegralNumber()).isTrue();
        assertThat(outcome.get("rowCount").asInt()).isEqualTo(3);
        assertThat(outcome.get("maskedCounts").isObject()).isTrue();
        assertThat(outcome.get("maskedCounts").get("email").asInt()).isEqualTo(3);
    }

    @Test
    void export_whenRunTwice_emitsOnlyWhatIsNew() throws IOException {
        String table = table();
        DynamoDbAuditLog log = new DynamoDbAuditLog(dynamo, table);
        ExportRequests.write(log, 0, 20, true);
        ExportRequests.write(log, 20, 21, false);
        Path file = dir.resolve("jsonl-twice/audit.jsonl");
        AuditExporter.Result first = export(table, file);

        ExportRequests.finish(log, "r-20");
        ExportRequests.write(log, 21, 26, true);
        AuditExporter.Result second = export(table, file);

        assertThat(first.records()).isEqualTo(41);
        assertThat(second.records()).isEqualTo(11);
        List<String> all = ids(lines(file));
        assertThat(all).hasSize(52).doesNotHaveDuplicates();
        assertThat(all.subList(41, 52)).containsExactlyInAnyOrder("r-20/outcome", "r-21/intent", "r-21/outcome",
                "r-22/intent", "r-22/outcome", "r-23/intent", "r-23/outcome", "r-24/intent", "r-24/outcome",
                "r-25/intent", "r-25/outcome");
        assertThat(FileExportSink.cursorFileOf(file)).exists();
    }

    @Test
    void export_whenNothingIsNew_writesNothingAndKeepsTheCursor() throws IOException {
        String table = table();
        ExportRequests.write(new DynamoDbAuditLog(dynamo, table), 0, 5, true);
        Path file = dir.resolve("jsonl-empty/audit.jsonl");
        export(table, file);
        String cursorBefore = Files.readString(FileExportSink.cursorFileOf(file));
        long sizeBefore = Files.size(file);

        AuditExporter.Result again = export(table, file);

        assertThat(again.nothingNew()).isTrue();
        assertThat(again.records()).isZero();
        assertThat(Files.size(file)).isEqualTo(sizeBefore);
        assertThat(Files.readString(FileExportSink.cursorFileOf(file))).isEqualTo(cursorBefore);
    }

    @Test
    void export_whenTheTrailIsEmpty_createsAnEmptyFileAndNoCursor() throws IOException {
        String table = table();
        Path file = dir.resolve("jsonl-nothing/deeper/audit.jsonl");

        AuditExporter.Result result = export(table, file);

        assertThat(result.nothingNew()).isTrue();
        assertThat(result.cursor()).isEqualTo(ExportCursor.START);
        assertThat(file).exists().isEmptyFile();
        assertThat(FileExportSink.cursorFileOf(file)).doesNotExist();
    }

    @Test
    void export_whenARunDiedBeforeCommitting_exportsThoseRecordsAgainOnce() throws IOException {
        String table = table();
        DynamoDbAuditLog log = new DynamoDbAuditLog(dynamo, table);
        ExportRequests.write(log, 0, 3, true);
        Path file = dir.resolve("jsonl-crash/audit.jsonl");
        export(table, file);
        ExportRequests.write(log, 3, 6, true);
        // A run that wrote its lines and died before the cursor was committed.
        try (FileExportSink dying = FileExportSink.open(file, ExportFormat.JSONL)) {
            dying.write(List.of("{\"requestId\":\"r-3\",\"phase\":\"intent\",\"half", "written"));
        }

        AuditExporter.Result next = export(table, file);

        assertThat(next.records()).isEqualTo(6);
        assertThat(ids(lines(file))).hasSize(12).doesNotHaveDuplicates();
    }

    @Test
    void open_whenAnotherExportHoldsTheFile_refuses() throws IOException {
        Path file = dir.resolve("jsonl-locked/audit.jsonl");
        try (FileExportSink first = FileExportSink.open(file, ExportFormat.JSONL)) {
            assertThatThrownBy(() -> FileExportSink.open(file, ExportFormat.JSONL))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("another export");
        }
    }

    @Test
    void open_whenTheFileHoldsAnotherFormat_refuses() throws IOException {
        String table = table();
        ExportRequests.write(new DynamoDbAuditLog(dynamo, table), 0, 1, true);
        Path file = dir.resolve("jsonl-format/audit.jsonl");
        export(table, file);

        assertThatThrownBy(() -> FileExportSink.open(file, ExportFormat.OCSF))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("holds jsonl lines, not ocsf");
    }

    @Test
    void open_whenTheFileHasContentButNoCursor_refuses() throws IOException {
        Path file = dir.resolve("jsonl-foreign/audit.jsonl");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "something else\n");

        assertThatThrownBy(() -> FileExportSink.open(file, ExportFormat.JSONL))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("has no cursor");
    }

    @Test
    void cursor_roundTripsThroughJson() {
        ExportCursor cursor = ExportCursor.START.advance("c3", 7).advance("c12", 41);

        assertThat(ExportCursor.fromJson(cursor.toJson())).isEqualTo(cursor);
        assertThat(cursor.toJson()).isEqualTo("{\"c12\":41,\"c3\":7}");
        assertThat(cursor.position("c0")).isZero();
        assertThatThrownBy(() -> cursor.advance("c3", 6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExportCursor.fromJson("{\"c1\":\"x\"}")).isInstanceOf(IllegalArgumentException.class);
    }
}
