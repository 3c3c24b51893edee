package dev.airlock.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A local stand-in for the AWS Lambda Runtime API (the endpoints the runtime interface client
 * polls inside Lambda): hands out queued events and collects what the function answers.
 */
final class LambdaRuntimeApi implements AutoCloseable {
    private static final String BASE = "/2018-06-01/runtime";

    private record Invocation(String id, String event) {
    }

    /**
     * What the function answered, and how long its handler held the invocation: from the event
     * being handed out on {@code /invocation/next} to the answer being posted, what Lambda bills.
     */
    record Completion(String answer, Duration handlerTime) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final BlockingQueue<Invocation> queue = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<Completion>> answers = new ConcurrentHashMap<>();
    private final Map<String, Long> handedOutAt = new ConcurrentHashMap<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();

    LambdaRuntimeApi() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext(BASE, this::handle);
        server.start();
    }

    /** {@code host:port}, the value of AWS_LAMBDA_RUNTIME_API. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Sends one event to the function and waits for its answer. */
    String invoke(String event, Duration timeout) {
        return invokeTimed(event, timeout).answer();
    }

    /** Sends one event to the function and waits for its answer, with the time its handler took. */
    Completion invokeTimed(String event, Duration timeout) {
        String id = UUID.randomUUID().toString();
        CompletableFuture<Completion> answer = new CompletableFuture<>();
        answers.put(id, answer);
        queue.add(new Invocation(id, event));
        try {
            Completion result = (Completion) CompletableFuture.anyOf(answer, initError.thenApply(e -> {
                throw new IllegalStateException("The function failed to initialise: " + e);
            })).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Evidence.functionAnswer(result.answer());
            return result;
        } catch (Exception e) {
            Evidence.functionAnswer(String.valueOf(e));
            throw new IllegalStateException("No answer from the function for invocation " + id, e);
        } finally {
            answers.remove(id);
            handedOutAt.remove(id);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrivedAt = System.nanoTime();
        String path = exchange.getRequestURI().getPath().substring(BASE.length());
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (path.equals("/invocation/next")) {
                Invocation next = queue.take();
                exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", next.id());
                exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms",
                        String.valueOf(System.currentTimeMillis() + 30_000));
                exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
                        "arn:aws:lambda:us-east-1:123456789012:function:airlock-gateway");
                exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000");
                reply(exchange, 200, next.event());
                handedOutAt.put(next.id(), System.nanoTime());
            } else if (path.startsWith("/invocation/") && path.endsWith("/response")) {
                complete(path, body, false, arrivedAt);
                reply(exchange, 202, "{}");
            } else if (path.startsWith("/invocation/") && path.endsWith("/error")) {
                complete(path, body, true, arrivedAt);
                reply(exchange, 202, "{}");
            } else if (path.equals("/init/error")) {
                initError.complete(body);
                reply(exchange, 202, "{}");
            } else {
                reply(exchange, 404, "{}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
        }
    }

    private void complete(String path, String body, boolean failed, long arrivedAt) {
        String id = path.substring("/invocation/".length(), path.lastIndexOf('/'));
        CompletableFuture<Completion> answer = answers.get(id);
        if (answer != null) {
            if (failed) {
                answer.completeExceptionally(new IllegalStateException("function error: " + body));
            } else {
                Long handedOut = handedOutAt.get(id);
                Duration handlerTime = handedOut == null ? Duration.ZERO : Duration.ofNanos(arrivedAt - handedOut);
                answer.complete(new Completion(body, handlerTime));
            }
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
