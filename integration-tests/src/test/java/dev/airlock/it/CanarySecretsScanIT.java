package dev.airlock.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 6: canary secrets planted in the suite's configuration (the demo database password, the
 * AWS secret access key) appear in no response, log line or audit record the integration suite
 * produced. Runs in its own failsafe execution, after every other IT has recorded its
 * {@link Evidence}; fails on any canary found, and on evidence too thin for the scan to mean anything.
 */
class CanarySecretsScanIT {
    private static final int MIN_GATEWAYS = Integer.getInteger("airlock.canary.minGateways", 1);
    private static final int MIN_FUNCTIONS = Integer.getInteger("airlock.canary.minFunctions", 0);

    @Test
    void noCanarySecret_inAnyResponseLogLineOrAuditRecordOfTheSuite() {
        assumeTrue("scan".equals(System.getProperty("airlock.canary.role")),
                "the scan runs in the canary-scan failsafe execution, after every other IT");
        String selection = System.getProperty("airlock.canary.selection", "");
        boolean wholeSuite = selection.isBlank() || selection.startsWith("${");
        assumeTrue(wholeSuite || selection.contains(CanarySecretsScanIT.class.getSimpleName()),
                "only some ITs were selected (-Dit.test=" + selection + "); name CanarySecretsScanIT too to scan them");

        Path root = Canaries.evidenceRoot();
        Canaries.Values canaries = Canaries.read(root);
        assertThat(canaries).as("no canaries in " + root + ": no IT recorded evidence in this build").isNotNull();
        assertThat(canaries.run()).as("the evidence in " + root + " is from another build").isEqualTo(Canaries.run());

        CanaryScanner.Report report = CanaryScanner.scan(root, canaries, wholeSuite
                ? new CanaryScanner.Expectations(MIN_GATEWAYS, MIN_FUNCTIONS)
                : new CanaryScanner.Expectations(1, 0));
        System.out.println(report.summary() + "; looked for 2 planted canaries and "
                + Canaries.learned(root).size() + " secrets learned from moto");

        assertThat(report.problems()).as("the evidence is not enough for the scan to mean anything").isEmpty();
        assertThat(report.findings()).as("canary secrets found in " + root).isEmpty();
    }

    @Test
    void scanner_findsEveryPlantedCanary_byFileAndLine_inEachEncoding(@TempDir Path root) throws IOException {
        Canaries.Values canaries = new Canaries.Values("sample", "AIRLOCK-CANARY-DB-s/mple+pw=", "AIRLOCK-CANARY-AWS-~~~k3y");
        Path test = Files.createDirectories(root.resolve("SomeIT"));
        plantCompleteEvidence(test);
        String db = canaries.databasePassword();
        byte[] aws = canaries.awsSecretKey().getBytes(StandardCharsets.UTF_8);
        Files.writeString(test.resolve(Evidence.RESPONSES), """
                {"status":200,"body":"fine"}
                {"status":500,"body":"password authentication failed: %s"}
                {"status":200,"body":"%s"}
                """.formatted(db.toLowerCase(), URLEncoder.encode(db, StandardCharsets.UTF_8)));
        Files.writeString(test.resolve("gateway-1-1" + Evidence.OUTPUT), """
                started
                creds=%s
                creds=%s
                creds=%s
                """.formatted(Base64.getEncoder().encodeToString(("x" + db + "y").getBytes(StandardCharsets.UTF_8)),
                Base64.getUrlEncoder().encodeToString(concat("ab".getBytes(StandardCharsets.UTF_8), aws)),
                HexFormat.of().formatHex(aws)));
        Files.writeString(test.resolve("gateway-1-1" + Evidence.RECORDS), """
                {"table":"airlock-audit","item":{"k":"%s"}}
                """.formatted(Base64.getEncoder().encodeToString(db.getBytes(StandardCharsets.UTF_8))));

        // A secret the suite was handed while it ran (moto's secret keys, say) is looked for too.
        Files.writeString(root.resolve(Canaries.LEARNED), "moto IAM user\tLearnedSecret/0123456789\n");
        Files.writeString(test.resolve(Evidence.CLI), "{\"stdout\":\"key LearnedSecret/0123456789\"}\n");

        CanaryScanner.Report report = CanaryScanner.scan(root, canaries, new CanaryScanner.Expectations(1, 0));

        assertThat(report.problems()).isEmpty();
        assertThat(report.findings()).extracting(CanaryScanner.Finding::toString).containsExactlyInAnyOrder(
                "SomeIT/gateway-1-1.output.log:2: the database password canary (base64, offset 2)",
                "SomeIT/gateway-1-1.output.log:3: the AWS secret key canary (base64url, offset 1)",
                "SomeIT/gateway-1-1.output.log:4: the AWS secret key canary (hex)",
                "SomeIT/gateway-1-1.records.jsonl:1: the database password canary (base64, offset 0)",
                "SomeIT/responses.jsonl:2: the database password canary (as is)",
                "SomeIT/responses.jsonl:3: the database password canary (URL-encoded)",
                "SomeIT/cli.jsonl:1: the learned moto IAM user #1 canary (as is)");
    }

    @Test
    void scanner_refusesToPass_onEvidenceTooThinToMeanAnything(@TempDir Path root) throws IOException {
        Canaries.Values canaries = new Canaries.Values("sample", "AIRLOCK-CANARY-DB-x", "AIRLOCK-CANARY-AWS-y");

        CanaryScanner.Report empty = CanaryScanner.scan(root, canaries, new CanaryScanner.Expectations(3, 1));

        assertThat(empty.findings()).isEmpty();
        assertThat(empty.problems()).contains("no gateway response was recorded", "no gateway output line was recorded",
                "no audit record was recorded", "only 0 gateways recorded evidence; expected at least 3",
                "no gateway ran its demo database with the canary password",
                "only 0 packaged function runs recorded evidence; expected at least 1");

        Path test = Files.createDirectories(root.resolve("SomeIT"));
        plantCompleteEvidence(test);
        Files.writeString(test.resolve("gateway-1-2" + Evidence.STARTED),
                "{\"name\":\"gateway-1-2\",\"ready\":true,\"canaryDatabasePassword\":true,\"canaryDatabaseLogin\":\"failed: refused\"}");
        CanaryScanner.Report unclosed = CanaryScanner.scan(root, canaries, new CanaryScanner.Expectations(2, 0));
        assertThat(unclosed.problems()).containsExactly(
                "SomeIT/gateway-1-2.started.json: the gateway's output was never recorded (not closed?)",
                "SomeIT/gateway-1-2.started.json: its demo database was not shown to run with the canary password: "
                        + "failed: refused");
    }

    @Test
    void scanner_findsTheDemosMaskedValues_inAuditRecordsMailsAndLogs_butNotInResponses(@TempDir Path root) throws IOException {
        Canaries.Values canaries = new Canaries.Values("sample", "AIRLOCK-CANARY-DB-x", "AIRLOCK-CANARY-AWS-y");
        Path test = Files.createDirectories(root.resolve("SomeIT"));
        plantCompleteEvidence(test);
        Files.writeString(root.resolve(MaskedCanaries.FILE), """
                ssn of customer 1\t871-67-6620
                email of customer 1\tleon.tromp0@mohr.com
                """);
        Files.writeString(test.resolve("gateway-1-1" + Evidence.RECORDS), """
                {"table":"airlock-audit","item":{"statement":"select id from customers where translate(ssn,'-','') = '871676620'"}}
                {"table":"airlock-audit","item":{"durationMillis":"1764678716200871676620"}}
                """);
        Files.writeString(test.resolve("gateway-1-1" + Evidence.OUTPUT), "started\nrefused: \"leon.tromp0\"\n");
        Files.writeString(test.resolve("gateway-1-1.outbox.mail-alice.eml"), """
                From: Airlock <airlock@localhost>
                Subject: Approval needed
                MIME-Version: 1.0
                Content-Type: text/plain; charset=UTF-8
                Content-Transfer-Encoding: base64

                %s
                """.formatted(Base64.getMimeEncoder().encodeToString(
                "Statement: update customers set city = 'x' where ssn = '871-67-6620'".getBytes(StandardCharsets.UTF_8))));
        Files.writeString(test.resolve(Evidence.RESPONSES), "{\"status\":200,\"body\":\"871-67-6620\"}\n");

        CanaryScanner.Report report = CanaryScanner.scan(root, canaries, new CanaryScanner.Expectations(1, 0));

        assertThat(report.problems()).isEmpty();
        assertThat(report.findings()).extracting(CanaryScanner.Finding::toString).containsExactlyInAnyOrder(
                "SomeIT/gateway-1-1.records.jsonl:1: the masked ssn of customer 1 canary (digits only)",
                "SomeIT/gateway-1-1.output.log:2: the masked email of customer 1 canary (local part)",
                "SomeIT/gateway-1-1.outbox.mail-alice.eml:2: the masked ssn of customer 1 canary (as is, decoded mail)");
    }

    /** One closed gateway on the canary database, with a response, output and an audit record. */
    private static void plantCompleteEvidence(Path test) throws IOException {
        if (!Files.exists(test.getParent().resolve(MaskedCanaries.FILE))) {
            Files.writeString(test.getParent().resolve(MaskedCanaries.FILE), "ssn of customer 1\t000-00-0000\n");
        }
        Files.writeString(test.resolve("gateway-1-1" + Evidence.STARTED), "{\"name\":\"gateway-1-1\",\"ready\":true,\"closed\":true,"
                + "\"canaryDatabasePassword\":true,\"canaryDatabaseLogin\":\"ok\",\"canaryAwsSecretKey\":true}");
        Files.writeString(test.resolve("gateway-1-1" + Evidence.OUTPUT), "started\n");
        Files.writeString(test.resolve("gateway-1-1" + Evidence.RECORDS), "{\"table\":\"airlock-audit\",\"item\":{}}\n");
        Files.writeString(test.resolve(Evidence.RESPONSES), "{\"status\":200}\n");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
