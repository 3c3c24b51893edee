package dev.airlock.api;

import dev.airlock.settings.Setting;
import dev.airlock.settings.SettingsReader;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Who may reach {@code /mcp} beyond the gateway's own origin and loopback names.
 *
 * @param allowedOrigins origins ({@code https://app.example.com}) a browser-based MCP client may call from
 * @param allowedHosts   the host names a deployed gateway answers to; when set, any other {@code Host} is refused
 */
public record McpSettings(List<String> allowedOrigins, List<String> allowedHosts) {
    public static final Setting ALLOWED_ORIGINS = new Setting("airlock.mcp.allowed-origins",
            "the origins a browser-based MCP client may call /mcp from, comma separated, such as "
                    + "https://app.example.com");
    public static final Setting ALLOWED_HOSTS = new Setting("airlock.mcp.allowed-hosts",
            "the host names the gateway answers /mcp on, comma separated, such as airlock.example.com");
    public static final McpSettings NONE = new McpSettings(List.of(), List.of());
    private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?|\\[[0-9a-f:]+\\]");

    public McpSettings {
        allowedOrigins = List.copyOf(allowedOrigins);
        allowedHosts = List.copyOf(allowedHosts);
    }

    /** Reads both settings; each wrong entry is a problem of the reader, named with its fix. */
    public static McpSettings read(SettingsReader reader) {
        List<String> origins = new ArrayList<>();
        for (String origin : reader.list(ALLOWED_ORIGINS)) {
            String normalized = origin.toLowerCase(Locale.ROOT);
            URI uri;
            try {
                uri = URI.create(normalized);
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            if (uri == null || !(("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                    && uri.getHost() != null && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                    && uri.getRawQuery() == null && uri.getUserInfo() == null)) {
                reader.problem("'" + origin + "' in " + ALLOWED_ORIGINS + " is not an origin: write scheme, host "
                        + "and port only, such as https://app.example.com or http://localhost:6274.");
                continue;
            }
            origins.add(normalized);
        }
        List<String> hosts = new ArrayList<>();
        for (String host : reader.list(ALLOWED_HOSTS)) {
            String normalized = host.toLowerCase(Locale.ROOT);
            if (!HOST.matcher(normalized).matches()) {
                reader.problem("'" + host + "' in " + ALLOWED_HOSTS + " is not a host name: write it without "
                        + "scheme, port or path, such as airlock.example.com.");
                continue;
            }
            hosts.add(normalized);
        }
        return new McpSettings(origins, hosts);
    }
}
