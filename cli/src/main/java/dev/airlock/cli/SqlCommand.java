package dev.airlock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;

/**
 * {@code airlock sql}: send one statement to the gateway exactly as an agent would (a bearer
 * token and {@code POST /v1/sql}) and print what came back.
 */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"Run one SQL statement through the gateway, as an agent.",
                "Sends it with a bearer token to POST /v1/sql and prints the masked result as a table.",
                "Exit codes: 0 done, 1 refused or failed, 3 waiting for a human's approval."})
final class SqlCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "SQL", description = "The statement, for example \"select * from customers limit 5\".")
    String sql;

    @Option(names = {"-t", "--target"}, defaultValue = "demo", description = "Target name (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = {"-p", "--param"}, paramLabel = "VALUE",
            description = "A value for the next ? placeholder: 7, true, null or text; quote JSON-style (\"7\") to force text.")
    List<String> params = new ArrayList<>();

    @Option(names = "--agent", defaultValue = "reporting-bot",
            description = "Act as this agent with a local token (default: ${DEFAULT-VALUE}); ignored with --token.")
    String agent;

    @Option(names = "--token", defaultValue = "${env:AIRLOCK_TOKEN}",
            description = "A gateway token to use instead of a local one (default: $AIRLOCK_TOKEN).")
    String token;

    @Option(names = "--url", description = "Gateway URL (default: the running local gateway, else " + Workspace.DEFAULT_URL + ").")
    String url;

    @Option(names = "--data-dir", defaultValue = Workspace.DEFAULT_DATA_DIR,
            description = "The local gateway's data folder (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--policies", description = "Cedar policy folder, to check --agent (default: the checkout's policies/).")
    Path policies;

    @Option(names = "--json", description = "Print the gateway's JSON answer instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        String bearer = token != null && !token.isBlank()
                ? token.strip()
                : TokenCommand.issue(agent, null, dataDir, policies).token();
        String gateway = url != null ? url : Workspace.runningGatewayUrl(dataDir).orElse(Workspace.DEFAULT_URL);
        HttpResponse<String> response = send(gateway, bearer, body());
        JsonNode answer = parse(response.body());
        if (json) {
            System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
        }
        return switch (response.statusCode()) {
            case 200 -> {
                if (!json) {
                    printResult(answer);
                }
                yield 0;
            }
            case 202 -> {
                if (!json) {
                    System.out.println("PENDING_APPROVAL: request " + answer.path("requestId").asText()
                            + " waits for a human's approval (policy " + join(answer.path("policies"))
                            + "; expires " + answer.path("expiresAt").asText() + "). Nothing ran yet.");
                }
                yield AirlockCli.PENDING_APPROVAL;
            }
            default -> throw new CliException(describeProblem(response.statusCode(), answer));
        };
    }

    private String body() {
        ObjectNode body = JSON.createObjectNode();
        body.put("target", target);
        body.put("sql", sql);
        ArrayNode values = body.putArray("params");
        for (String param : params) {
            values.add(paramValue(param));
        }
        return body.toString();
    }

    /** JSON scalars keep their type (7, true, null, "7"); anything else is text. */
    private static JsonNode paramValue(String param) {
        try {
            JsonNode node = JSON.readTree(param);
            if (node != null && node.isValueNode()) {
                return node;
            }
        } catch (IOException notJson) {
            // plain text
        }
        return JSON.getNodeFactory().textNode(param);
    }

    private static HttpResponse<String> send(String gateway, String bearer, String body) throws InterruptedException {
        URI uri;
        try {
            uri = URI.create(gateway.replaceAll("/+$", "") + "/v1/sql");
        } catch (IllegalArgumentException e) {
            throw new CliException("'" + gateway + "' is not a URL.", AirlockCli.USAGE);
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new CliException("No gateway answers at " + gateway + ". Start one with ./airlock local, or pass --url.");
        } catch (IOException e) {
            throw new CliException("The gateway at " + gateway + " did not answer: " + e.getMessage());
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new CliException("The gateway's answer is not JSON; is --url pointing at an Airlock gateway?");
        }
    }

    private static String describeProblem(int status, JsonNode problem) {
        String title = problem.path("title").asText("HTTP " + status);
        String detail = problem.path("detail").asText("");
        String requestId = problem.path("requestId").asText("");
        return title + " (" + status + "): " + detail + (requestId.isEmpty() ? "" : " [request " + requestId + "]");
    }

    private static void printResult(JsonNode answer) {
        List<String> columns = new ArrayList<>();
        answer.path("columns").forEach(c -> columns.add(c.asText()));
        if (columns.isEmpty() && answer.has("rowsAffected")) {
            System.out.println(answer.path("rowsAffected").asLong() + " rows affected.");
        } else {
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode row : answer.path("rows")) {
                List<String> cells = new ArrayList<>();
                row.forEach(cell -> cells.add(cell.isNull() ? "NULL" : cell.isTextual() ? cell.textValue() : cell.toString()));
                rows.add(cells);
            }
            System.out.print(TablePrinter.render(columns, rows));
        }
        StringJoiner footer = new StringJoiner(" · ");
        int count = answer.path("rowCount").asInt();
        footer.add(count + (count == 1 ? " row" : " rows") + (answer.path("truncated").asBoolean() ? " (truncated)" : ""));
        Map<String, Object> masked = JSON.convertValue(answer.path("masked"), Map.class);
        if (masked != null && !masked.isEmpty()) {
            StringJoiner counts = new StringJoiner(", ", "masked: ", "");
            masked.forEach((type, n) -> counts.add(type + " " + n));
            footer.add(counts.toString());
        }
        footer.add("request " + answer.path("requestId").asText());
        System.out.println(footer);
    }

    private static String join(JsonNode array) {
        List<String> items = new ArrayList<>();
        array.forEach(item -> items.add(item.asText()));
        return String.join(", ", items);
    }
}
