package dev.airlock.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.airlock.identity.LocalBootstrapTokens;
import dev.airlock.identity.SigningKeyFile;
import dev.airlock.identity.TokenSettings;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.TestAbortedException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs attack cases kept as data ({@code src/test/resources/red-team/*.json}) against a local
 * gateway over HTTP, as an agent would send them, and checks the outcome each case expects.
 * <p>
 * A case is a list of steps (an agent's SQL, a raw HTTP request, an approval on the CLI, an
 * operator's look at the database); a step with {@code expect} is checked, one without is set-up.
 * {@code nothingChanged} compares a fingerprint of the demo tables, read as operator, before and
 * after the case. Masked answers are checked against {@link GroundTruth} and against the operator's
 * own result of the expressions a case names in {@code rawOf}.
 */
final class AttackRunner {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** HTTP/1.1 as curl speaks it: an attacker's client, not the JDK's h2c upgrade. */
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private static final String FINGERPRINT = "select (select md5(coalesce(string_agg(c::text, ',' order by id), '')) from customers c)"
            + " || '/' || (select md5(coalesce(string_agg(o::text, ',' order by id), '')) from orders o)"
            + " || '/' || (select count(*) from pg_largeobject_metadata)";
    private static final Duration TOKEN_REUSE = Duration.ofMinutes(5);

    private final LocalGateway gateway;
    private final DemoDatabaseAccess database;
    private final AuditTrail audit;
    private final GroundTruth truth;
    private final Map<String, String[]> tokens = new ConcurrentHashMap<>();

    AttackRunner(LocalGateway gateway, DemoDatabaseAccess database, AuditTrail audit, GroundTruth truth) {
        this.gateway = gateway;
        this.database = database;
        this.audit = audit;
        this.truth = truth;
    }

    static JsonNode cases(String resource) {
        try (InputStream in = AttackRunner.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + resource);
            }
            return JSON.readTree(in).path("cases");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cases of a phase, each a dynamic test named "#id title". */
    List<DynamicNode> tests(JsonNode cases, int phase, String prefix) {
        List<DynamicNode> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            if (c.path("phase").asInt(0) != phase) {
                continue;
            }
            String name = printable(prefix + c.path("id").asText() + " " + c.path("title").asText());
            tests.add(DynamicTest.dynamicTest(name, () -> {
                try {
                    run(c);
                    record(name, "PASS", "");
                } catch (TestAbortedException e) {
                    record(name, "SKIP", e.getMessage());
                    throw e;
                } catch (AssertionError | Exception e) {
                    record(name, "FAIL", String.valueOf(e.getMessage()));
                    throw e;
                }
            }));
        }
        return tests;
    }

    /**
     * One line per case in {@code target/red-team-results.tsv} ("#id title", verdict, first failure),
     * so the list of what does not hold yet reads without the failsafe XML.
     */
    private static void record(String name, String verdict, String why) {
        record("red-team-results.tsv", name, verdict, why);
    }

    static synchronized void record(String fileName, String name, String verdict, String why) {
        String line = name.replace('\t', ' ') + "\t" + verdict + "\t"
                + abbreviate(why.replaceAll("\\s+", " ")) + "\n";
        try {
            java.nio.file.Path file = java.nio.file.Path.of("target", fileName);
            java.nio.file.Files.writeString(file, line, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("red-team results: " + e);
        }
    }

    /** Control characters (a NUL, a CR) spelled out, so that names read well in reports and logs. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    static DynamicContainer container(String name, List<DynamicNode> tests) {
        return DynamicContainer.dynamicContainer(name, tests);
    }

    void run(JsonNode c) throws Exception {
        if (c.has("runner")) {
            throw new TestAbortedException("#" + c.path("id").asText() + " runs elsewhere (" + c.path("runner").asText()
                    + "): " + c.path("reason").asText(""));
        }
        String before = c.path("nothingChanged").asBoolean() ? fingerprint() : null;
        Map<String, String> saved = new HashMap<>();
        Map<String, Integer> savedStatus = new HashMap<>();
        List<String> failures = new ArrayList<>();
        int index = 0;
        for (JsonNode step : c.path("steps")) {
            index++;
            try {
                step(step, saved, savedStatus);
            } catch (AssertionError e) {
                failures.add("step " + index + " (" + describe(step) + "): " + e.getMessage());
            }
        }
        if (before != null) {
            String after = fingerprint();
            if (!before.equals(after)) {
                failures.add("the demo tables changed (operator's fingerprint before " + before + ", after " + after + ")");
            }
        }
        if (!failures.isEmpty()) {
            fail(String.join("\n", failures));
        }
    }

    private static String describe(JsonNode step) {
        if (step.has("sql")) {
            return step.path("agent").asText() + ": " + abbreviate(step.path("sql").asText());
        }
        if (step.has("http")) {
            return step.path("http").path("method").asText() + " " + step.path("http").path("path").asText()
                    + " as " + step.path("http").path("auth").asText();
        }
        return abbreviate(step.toString());
    }

    private static String abbreviate(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "…" : s;
    }

    private void step(JsonNode step, Map<String, String> saved, Map<String, Integer> savedStatus) throws Exception {
        JsonNode expect = step.path("expect");
        if (step.has("operator")) {
            String value = database.column(step.path("operator").asText()).get(0);
            if (expect.has("firstCell")) {
                assertThat(value).as("operator: " + step.path("operator").asText()).isEqualTo(expect.path("firstCell").asText());
            }
            if (expect.has("maxNumber")) {
                assertThat(Long.parseLong(value)).as("operator: " + step.path("operator").asText())
                        .isLessThanOrEqualTo(expect.path("maxNumber").asLong());
            }
            return;
        }
        if (step.has("approve") || step.has("approveIfHeld")) {
            boolean ifHeld = step.has("approveIfHeld");
            if (ifHeld && savedStatus.getOrDefault("held", 0) != 202) {
                return;
            }
            String who = (ifHeld ? step.path("approveIfHeld") : step.path("approve")).path("as").asText();
            String id = saved.get(step.path("ref").asText("held"));
            assertThat(id).as("no held request to approve").isNotNull();
            Cli.Result result = Cli.run("approvals", "approve", id, "--as", who, "--data-dir", gateway.dataDir().toString());
            checkCli(expect, result);
            return;
        }
        if (step.has("ifHeld")) {
            if (savedStatus.getOrDefault("held", 0) == 202) {
                step(step.path("ifHeld"), saved, savedStatus);
            }
            return;
        }
        if (step.has("slowloris")) {
            startSlowloris(step.path("slowloris").path("sockets").asInt(), step.path("slowloris").path("seconds").asDouble());
            return;
        }
        if (step.has("slowlorisEnd")) {
            stopSlowloris();
            return;
        }
        if (step.has("sleep")) {
            Thread.sleep((long) (step.path("sleep").asDouble() * 1000));
            return;
        }
        if (step.has("mint")) {
            // A token the agent holds from now on; its id (jti) goes with it, for revocations.
            String token = Agents.token(gateway.dataDir(), step.path("mint").path("agent").asText());
            String name = step.path("mint").path("save").asText();
            saved.put(name, token);
            saved.put(name + ".jti", claims(token).path("jti").asText());
            return;
        }
        if (step.has("link")) {
            JsonNode link = step.path("link");
            String url = approvalLink(saved.get(link.path("ref").asText("held")), link.path("approver").asText(),
                    link.path("kind").asText());
            saved.put(link.path("save").asText(), url.substring(url.indexOf("token=") + "token=".length()));
            return;
        }
        if (step.has("forge")) {
            JsonNode forge = step.path("forge");
            String[] parts = saved.get(forge.path("from").asText()).split("\\.");
            String forged;
            if (forge.has("claim")) {
                ObjectNode claims = claims(saved.get(forge.path("from").asText()));
                claims.put(forge.path("claim").asText(), forge.path("value").asText());
                forged = parts[0] + "." + b64(claims.toString()) + "." + parts[2];
            } else {
                forged = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
            }
            saved.put(forge.path("save").asText(), forged);
            return;
        }
        if (step.has("cli")) {
            audit.settle();
            List<String> args = new ArrayList<>();
            step.path("cli").forEach(a -> args.add(substitute(a.asText(), saved)));
            args.addAll(List.of("--data-dir", gateway.dataDir().toString()));
            checkCli(expect, Cli.run(args.toArray(String[]::new)));
            return;
        }
        int concurrent = Math.max(1, step.path("concurrent").asInt(1));
        int recordsBefore = expect.path("audited").asBoolean() ? audit.allRecordsAsText().size() : -1;
        List<Timed> responses = send(step, saved, concurrent);
        if (step.has("save")) {
            Timed first = responses.get(0);
            savedStatus.put(step.path("save").asText(), first.response.statusCode());
            String id = requestId(first.response);
            if (id != null) {
                saved.put(step.path("save").asText(), id);
            }
        }
        if (expect.isMissingNode()) {
            return;
        }
        if (expect.has("statusCounts")) {
            Map<String, Integer> counts = new TreeMap<>();
            responses.forEach(r -> counts.merge(String.valueOf(r.response.statusCode()), 1, Integer::sum));
            Map<String, Integer> expected = new TreeMap<>();
            expect.path("statusCounts").fields().forEachRemaining(e -> expected.put(e.getKey(), e.getValue().asInt()));
            assertThat(counts).as("statuses of " + concurrent + " concurrent requests").isEqualTo(expected);
        } else {
            for (Timed r : responses) {
                check(expect, r);
            }
        }
        if (recordsBefore >= 0) {
            audit.settle();
            assertThat(audit.allRecordsAsText().size()).as("audit records after the request").isGreaterThan(recordsBefore);
        }
    }

    private static void checkCli(JsonNode expect, Cli.Result result) {
        if (expect.path("cliOk").asBoolean()) {
            assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        }
        if (expect.path("cliFails").asBoolean()) {
            assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isNotZero();
        }
    }

    /** A response and how long it took. */
    record Timed(HttpResponse<String> response, double seconds) {
    }

    private List<Timed> send(JsonNode step, Map<String, String> saved, int concurrent) throws Exception {
        if (concurrent == 1) {
            return List.of(sendOne(step, saved));
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrent, 64))) {
            List<Future<Timed>> futures = new ArrayList<>();
            for (int i = 0; i < concurrent; i++) {
                futures.add(pool.submit(() -> sendOne(step, saved)));
            }
            List<Timed> all = new ArrayList<>();
            for (Future<Timed> f : futures) {
                all.add(f.get());
            }
            return all;
        }
    }

    private Timed sendOne(JsonNode step, Map<String, String> saved) {
        HttpRequest request;
        if (step.has("sql")) {
            ObjectNode body = JSON.createObjectNode();
            body.put("target", "demo");
            body.put("sql", step.path("sql").asText());
            body.set("params", step.has("params") ? step.path("params") : JSON.createArrayNode());
            request = base("/v1/sql", step.path("agent").asText().startsWith("ops") ? "ops" : "rep")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        } else {
            request = http(step.path("http"), saved);
        }
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            double seconds = (System.nanoTime() - start) / 1e9;
            Evidence.response(response);
            return new Timed(response, seconds);
        } catch (IOException e) {
            throw new AssertionError("no HTTP answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private final List<java.net.Socket> slowSockets = new ArrayList<>();
    private Thread dribbler;

    /** Report row 148: sockets that send their headers a byte at a time, bounded in count and time. */
    private void startSlowloris(int sockets, double seconds) throws IOException {
        for (int i = 0; i < sockets; i++) {
            java.net.Socket socket = new java.net.Socket("127.0.0.1", gateway.port());
            socket.getOutputStream().write("POST /v1/sql HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
            slowSockets.add(socket);
        }
        long until = System.nanoTime() + (long) (seconds * 1e9);
        dribbler = Thread.ofPlatform().daemon().start(() -> {
            while (System.nanoTime() < until && !Thread.currentThread().isInterrupted()) {
                for (java.net.Socket socket : slowSockets) {
                    try {
                        socket.getOutputStream().write('X');
                        socket.getOutputStream().flush();
                    } catch (IOException closed) {
                        // the gateway may drop a slow client: that is a fine answer
                    }
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    private void stopSlowloris() throws InterruptedException {
        if (dribbler != null) {
            dribbler.interrupt();
            dribbler.join(5_000);
        }
        slowSockets.forEach(Closing::quietly);
        slowSockets.clear();
    }

    private static String substitute(String text, Map<String, String> saved) {
        for (Map.Entry<String, String> e : saved.entrySet()) {
            text = text.replace("${" + e.getKey() + "}", e.getValue());
        }
        return text;
    }

    private static ObjectNode claims(String jwt) {
        return (ObjectNode) Agents.parse(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    /** An approver's link of one kind ("Approve", "Deny", "Review") from their e-mail in the outbox. */
    private String approvalLink(String requestId, String approver, String kind) throws Exception {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(10);
        java.nio.file.Path outbox = gateway.dataDir().resolve("outbox");
        while (java.time.Instant.now().isBefore(deadline)) {
            if (java.nio.file.Files.isDirectory(outbox)) {
                try (var files = java.nio.file.Files.list(outbox)) {
                    for (java.nio.file.Path file : files.filter(f -> f.getFileName().toString().contains(requestId)
                            && f.getFileName().toString().endsWith(approver + ".eml")).toList()) {
                        for (String line : MaskedCanaries.mailLines(file)) {
                            java.util.regex.Matcher m = java.util.regex.Pattern.compile(kind + ":\\s+(\\S+)").matcher(line);
                            if (m.find()) {
                                return m.group(1);
                            }
                        }
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no " + kind + " link for " + approver + " on request " + requestId + " in the outbox");
    }

    private HttpRequest http(JsonNode http, Map<String, String> saved) {
        String path = substitute(http.path("path").asText(), saved);
        String auth = http.path("auth").asText("none");
        if (auth.startsWith("saved:")) {
            HttpRequest.Builder b = HttpRequest.newBuilder(gateway.url().resolve(path)).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + saved.get(auth.substring("saved:".length())))
                    .header("Content-Type", "application/json");
            return b.method(http.path("method").asText("POST"), http.path("method").asText("POST").equals("GET")
                    ? HttpRequest.BodyPublishers.noBody() : body(http, saved)).build();
        }
        if (auth.equals("query-token")) {
            path = path + (path.contains("?") ? "&" : "?") + "access_token=" + token("reporting-bot");
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(gateway.url().resolve(path)).timeout(Duration.ofSeconds(60));
        authorize(b, auth);
        String method = http.path("method").asText("POST");
        if (method.equals("GET")) {
            return b.GET().build();
        }
        b.header("Content-Type", http.path("contentType").asText("application/json"));
        return b.method(method, body(http, saved)).build();
    }

    private static HttpRequest.BodyPublisher body(JsonNode http, Map<String, String> saved) {
        if (http.has("rawBody")) {
            return HttpRequest.BodyPublishers.ofString(substitute(http.path("rawBody").asText(), saved));
        }
        if (http.has("bigBody")) {
            int size = http.path("bigBody").asInt();
            String head = "{\"target\":\"demo\",\"sql\":\"select 1 -- ";
            return HttpRequest.BodyPublishers.ofString(head + "x".repeat(size - head.length() - 2) + "\"}");
        }
        if (http.has("deepJson")) {
            int depth = http.path("deepJson").asInt();
            return HttpRequest.BodyPublishers.ofString("{\"target\":\"demo\",\"sql\":\"select 1\",\"params\":"
                    + "[".repeat(depth) + "]".repeat(depth) + "}");
        }
        if (http.has("invalidUtf8")) {
            byte[] head = "{\"target\":\"demo\",\"sql\":\"select '".getBytes(StandardCharsets.UTF_8);
            byte[] tail = "' as x\"}".getBytes(StandardCharsets.UTF_8);
            byte[] all = new byte[head.length + 2 + tail.length];
            System.arraycopy(head, 0, all, 0, head.length);
            all[head.length] = (byte) 0xff;
            all[head.length + 1] = (byte) 0xfe;
            System.arraycopy(tail, 0, all, head.length + 2, tail.length);
            return HttpRequest.BodyPublishers.ofByteArray(all);
        }
        String sql = http.path("sql").asText("select 1");
        if (http.has("sqlPadding")) {
            sql = "select 1 -- " + "x".repeat(http.path("sqlPadding").asInt());
        }
        if (http.has("deepParens")) {
            int depth = http.path("deepParens").asInt();
            sql = "select " + "(".repeat(depth) + "1" + ")".repeat(depth);
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("target", "demo");
        body.put("sql", sql);
        ArrayNode params = body.putArray("params");
        for (int i = 0; i < http.path("paramCount").asInt(0); i++) {
            params.add(i);
        }
        return HttpRequest.BodyPublishers.ofString(body.toString());
    }

    private HttpRequest.Builder base(String path, String auth) {
        HttpRequest.Builder b = HttpRequest.newBuilder(gateway.url().resolve(path)).timeout(Duration.ofSeconds(60));
        authorize(b, auth);
        return b;
    }

    /** The Authorization an attacker sends: its own token, none, or one of the forgeries of the report's rows 122-137. */
    private void authorize(HttpRequest.Builder b, String auth) {
        String rep = token("reporting-bot");
        switch (auth) {
            case "none", "query-token" -> { }
            case "rep" -> b.header("Authorization", "Bearer " + rep);
            case "ops" -> b.header("Authorization", "Bearer " + token("ops-bot"));
            case "lower-bearer" -> b.header("Authorization", "bearer " + rep);
            case "basic" -> b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    ("reporting-bot:" + rep).getBytes(StandardCharsets.UTF_8)));
            case "trailing-junk" -> b.header("Authorization", "Bearer " + rep + "x");
            case "two-headers" -> b.header("Authorization", "Bearer " + rep).header("Authorization", "Bearer " + token("ops-bot"));
            case "garbage" -> b.header("Authorization", "Bearer not.a.jwt");
            case "sig-stripped" -> b.header("Authorization", "Bearer " + rep.substring(0, rep.lastIndexOf('.')));
            case "alg-none" -> b.header("Authorization", "Bearer " + b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "."
                    + rep.split("\\.")[1] + ".");
            case "sub-swapped" -> {
                String[] parts = rep.split("\\.");
                ObjectNode claims = (ObjectNode) Agents.parse(new String(Base64.getUrlDecoder().decode(parts[1]),
                        StandardCharsets.UTF_8));
                claims.put("sub", "ops-bot");
                b.header("Authorization", "Bearer " + parts[0] + "." + b64(claims.toString()) + "." + parts[2]);
            }
            case "psychic" -> {
                String[] parts = rep.split("\\.");
                b.header("Authorization", "Bearer " + parts[0] + "." + parts[1] + "."
                        + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[64]));
            }
            case "hs256-empty" -> {
                ECKey key = SigningKeyFile.load(gateway.dataDir());
                String[] parts = rep.split("\\.");
                String signingInput = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + key.getKeyID() + "\"}") + "." + parts[1];
                b.header("Authorization", "Bearer " + signingInput + "." + hmac(key.toPublicJWK().toJSONString(), signingInput));
            }
            case "foreign-ec", "foreign-ec-gateway-kid" -> {
                try {
                    ECKeyGenerator generator = new ECKeyGenerator(Curve.P_256);
                    generator.keyID(auth.equals("foreign-ec") ? "attacker" : SigningKeyFile.load(gateway.dataDir()).getKeyID());
                    b.header("Authorization", "Bearer " + Agents.issuer(generator.generate(), TokenSettings.LOCAL_DEFAULTS,
                            Clock.systemUTC()).issue("reporting-bot", null).token());
                } catch (com.nimbusds.jose.JOSEException e) {
                    throw new IllegalStateException(e);
                }
            }
            case "expired" -> b.header("Authorization", "Bearer " + Agents.issuer(SigningKeyFile.load(gateway.dataDir()),
                    TokenSettings.LOCAL_DEFAULTS, Clock.offset(Clock.systemUTC(), Duration.ofHours(-3)))
                    .issue("reporting-bot", null).token());
            case "bootstrap" -> b.header("Authorization", "Bearer " + LocalBootstrapTokens.issue(
                    SigningKeyFile.load(gateway.dataDir()), TokenSettings.LOCAL_ISSUER, "reporting-bot", null,
                    Clock.systemUTC()).token());
            default -> throw new TestAbortedException("no forgery '" + auth + "' in the runner yet");
        }
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String hmac(String key, String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Tokens are reused for a few minutes: minting hundreds would only time the signer. */
    String token(String agent) {
        String[] cached = tokens.get(agent);
        long now = System.currentTimeMillis();
        if (cached == null || now - Long.parseLong(cached[1]) > TOKEN_REUSE.toMillis()) {
            cached = new String[]{Agents.token(gateway.dataDir(), agent), String.valueOf(now)};
            tokens.put(agent, cached);
        }
        return cached[0];
    }

    private void check(JsonNode expect, Timed timed) throws SQLException {
        HttpResponse<String> r = timed.response;
        int status = r.statusCode();
        String body = r.body();
        String shown = status + " " + abbreviate(body);
        if (status >= 400 && !expect.path("page").asBoolean()) {
            assertThat(r.headers().firstValue("Content-Type").orElse(""))
                    .as("a refusal has a problem+json body: " + shown).startsWith("application/problem+json");
        }
        if (expect.has("maxSeconds")) {
            assertThat(timed.seconds).as("answered within " + expect.path("maxSeconds").asDouble() + " s: " + shown)
                    .isLessThanOrEqualTo(expect.path("maxSeconds").asDouble());
        }
        if (expect.has("status")) {
            assertThat(status).as(shown).isEqualTo(expect.path("status").asInt());
        }
        if (expect.has("problem")) {
            assertThat(Agents.parse(body).path("type").asText()).as(shown)
                    .isEqualTo("https://airlock.dev/problems/" + expect.path("problem").asText());
        }
        List<Integer> anyStatus = new ArrayList<>();
        expect.path("anyStatus").forEach(s -> anyStatus.add(s.asInt()));
        String outcome = expect.path("outcome").asText("");
        switch (outcome) {
            case "denied" -> assertThat(status).as("denied: " + shown).isEqualTo(403);
            case "refused" -> assertThat(status).as("refused: " + shown).isIn(anyStatus.isEmpty() ? List.of(400, 403) : anyStatus);
            case "oneRead" -> {
                assertThat(status).as(shown).isEqualTo(200);
                assertThat(firstCell(body)).as(shown).isEqualTo(expect.path("firstCell").asText());
            }
            case "notValue" -> {
                if (status == 200) {
                    assertThat(firstCell(body)).as(shown).isNotEqualTo(expect.path("value").asText());
                } else {
                    assertThat(status).as(shown).isEqualTo(403);
                }
            }
            case "masked" -> {
                assertThat(status).as("masked (or refused): " + shown).isIn(200, 403, 422);
                assertNoRaw(body, expect, shown);
            }
            case "capped" -> {
                assertThat(status).as(shown).isIn(200, 403);
                if (status == 200) {
                    int max = expect.path("maxRows").asInt();
                    JsonNode rows = Agents.parse(body).path("rows");
                    assertThat(rows.size()).as(shown).isLessThanOrEqualTo(max);
                    for (JsonNode row : rows) {
                        for (JsonNode cell : row) {
                            JsonNode value = cell.isTextual() && cell.asText().startsWith("[") ? parseQuietly(cell.asText()) : cell;
                            assertThat(value.isArray() ? value.size() : 1).as("rows folded into one cell: " + shown)
                                    .isLessThanOrEqualTo(max);
                            if (expect.has("countPattern") && cell.isTextual()) {
                                long folded = java.util.regex.Pattern.compile(expect.path("countPattern").asText())
                                        .matcher(cell.asText()).results().count();
                                assertThat(folded).as("rows folded into one cell: " + shown).isLessThanOrEqualTo(max);
                            }
                        }
                    }
                }
            }
            case "any", "" -> {
                if (!anyStatus.isEmpty()) {
                    assertThat(status).as(shown).isIn(anyStatus);
                } else if (outcome.equals("any")) {
                    assertThat(status).as("no server error: " + shown).isLessThan(500);
                }
            }
            default -> throw new IllegalStateException("unknown outcome " + outcome);
        }
        for (JsonNode s : expect.path("notContains")) {
            assertThat(body).as(shown).doesNotContain(s.asText());
        }
        if (expect.path("auditNoRaw").asBoolean() || expect.has("auditContains")) {
            String id = requestId(r);
            assertThat(id).as("a requestId to look up: " + shown).isNotNull();
            String records = audit.allRecordsAsText().stream().filter(t -> t.contains(id)).reduce("", String::concat);
            assertThat(records).as("audit records of " + id).isNotEmpty();
            if (expect.path("auditNoRaw").asBoolean()) {
                truth.leakIn(records).ifPresent(f -> fail("the audit trail of " + id + " holds " + f));
            }
            for (JsonNode s : expect.path("auditContains")) {
                assertThat(records).as("audit records of " + id).contains(s.asText());
            }
        }
    }

    /** The answer without its request id: ids are random hex and would match short raw values by chance. */
    private void assertNoRaw(String body, JsonNode expect, String shown) throws SQLException {
        JsonNode parsed = parseQuietly(body);
        if (parsed instanceof ObjectNode o) {
            o.remove("requestId");
            o.remove("instance");
            body = o.toString();
        }
        StringBuilder cells = new StringBuilder(body);
        parsed.path("rows").forEach(row -> row.forEach(cell -> cells.append('\n').append(cell.isValueNode() ? cell.asText() : cell.toString())));
        cells.append('\n').append(parsed.path("detail").asText(""));
        String answer = cells.toString();
        truth.leakIn(answer).ifPresent(f -> fail("the answer holds " + f + ": " + shown));
        for (JsonNode expression : expect.path("rawOf")) {
            for (String raw : database.column("select (" + expression.asText() + ")::text from customers c where c.id = 1")) {
                // A short value (an ascii() code, a year) would turn up inside a pseudonym's hex by chance:
                // it counts only as a whole cell.
                boolean leaked = raw != null && (raw.length() >= 4 ? answer.contains(raw)
                        : List.of(answer.split("\n")).contains(raw));
                if (leaked) {
                    fail("the answer holds the raw " + expression.asText() + " = " + raw + ": " + shown);
                }
            }
        }
    }

    private static JsonNode parseQuietly(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(text);
        }
    }

    static String firstCell(String body) {
        JsonNode rows = parseQuietly(body).path("rows");
        return rows.size() > 0 && rows.get(0).size() > 0 ? rows.get(0).get(0).asText() : null;
    }

    static String requestId(HttpResponse<String> response) {
        JsonNode id = parseQuietly(response.body()).path("requestId");
        return id.isTextual() ? id.asText() : null;
    }

    String fingerprint() throws SQLException {
        return database.column(FINGERPRINT).get(0);
    }

}
