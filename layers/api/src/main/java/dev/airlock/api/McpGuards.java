package dev.airlock.api;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code /mcp} checks before it reads a message, against DNS rebinding (a web page that
 * makes a browser post to the local gateway): a caller on this machine must name a loopback
 * {@code Host}, and a request with an {@code Origin} must come from the gateway's own origin or
 * one in {@link McpSettings#allowedOrigins()}. {@link McpSettings#allowedHosts()} names the hosts
 * a deployed gateway answers to (they are checked only when set).
 */
final class McpGuards {
    private static final String ALLOWED_ORIGINS = McpSettings.ALLOWED_ORIGINS.property();
    private static final String ALLOWED_HOSTS = McpSettings.ALLOWED_HOSTS.property();
    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

    private McpGuards() {
    }

    /** Why the request is refused, or empty when it may go on. */
    static Optional<String> refusal(HttpServerRequest http, McpSettings settings) {
        String host = authority(http).orElse("").toLowerCase(Locale.ROOT);
        String hostName = hostName(host);
        List<String> allowedHosts = settings.allowedHosts();
        boolean loopbackCaller = http.remoteAddress() != null && isLoopback(http.remoteAddress().hostAddress());
        if (loopbackCaller && !LOOPBACK_HOSTS.contains(hostName) && !allowedHosts.contains(hostName)) {
            return Optional.of("Host '" + McpTools.printable(host) + "' is not this gateway: call it as "
                    + "http://127.0.0.1:<port>/mcp or http://localhost:<port>/mcp (or list the name in "
                    + ALLOWED_HOSTS + ").");
        }
        if (!loopbackCaller && !allowedHosts.isEmpty() && !allowedHosts.contains(hostName)) {
            return Optional.of("Host '" + McpTools.printable(host) + "' is not one " + ALLOWED_HOSTS + " lists.");
        }
        String origin = http.getHeader("Origin");
        if (origin != null) {
            String normalized = origin.strip().toLowerCase(Locale.ROOT);
            boolean own = normalized.equals("http://" + host) || normalized.equals("https://" + host);
            if (!own && !settings.allowedOrigins().contains(normalized)) {
                return Optional.of("Origin '" + McpTools.printable(origin) + "' may not call this gateway: only its "
                        + "own origin and those listed in " + ALLOWED_ORIGINS + " may.");
            }
        }
        return Optional.empty();
    }

    /** The gateway's base URL as this request reached it. */
    static String baseUrl(HttpServerRequest http) {
        String host = authority(http).orElse("127.0.0.1");
        String forwarded = http.getHeader("X-Forwarded-Proto");
        String scheme = forwarded != null && forwarded.strip().equalsIgnoreCase("https") ? "https"
                : LOOPBACK_HOSTS.contains(hostName(host.toLowerCase(Locale.ROOT))) ? http.scheme() : "https";
        try {
            // Only a well-formed host is echoed back into headers and documents.
            return URI.create(scheme + "://" + host).toString();
        } catch (IllegalArgumentException e) {
            return scheme + "://127.0.0.1";
        }
    }

    /**
     * The host and port the client addressed: HTTP/1.1's Host header, or HTTP/2's :authority
     * pseudo-header, which replaces it (an HTTP/2 request has no Host header at all).
     */
    static Optional<String> authority(HttpServerRequest http) {
        HostAndPort authority = http.authority();
        if (authority != null && authority.host() != null && !authority.host().isEmpty()) {
            String name = authority.host();
            if (name.contains(":") && !name.startsWith("[")) {
                name = "[" + name + "]";
            }
            return Optional.of(authority.port() >= 0 ? name + ":" + authority.port() : name);
        }
        return Optional.ofNullable(http.getHeader("Host")).map(String::strip).filter(h -> !h.isEmpty());
    }

    private static String hostName(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    private static boolean isLoopback(String address) {
        return address.startsWith("127.") || address.equals("0:0:0:0:0:0:0:1") || address.equals("::1");
    }
}
