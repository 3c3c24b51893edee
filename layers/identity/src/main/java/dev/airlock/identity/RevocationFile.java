package dev.airlock.identity;

import com.nimbusds.jose.util.JSONObjectUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Revoked token ids and agents, in {@code revocations.json} in the local gateway's data folder.
 * {@code ./airlock revoke} writes it; the gateway rereads it when it changes, looking at most
 * once a second, so a revocation takes effect within about a second. A token id is remembered
 * only as long as a gateway token can live; an agent stays revoked until restored, and a restored
 * agent's tokens issued before the restore stay refused (the restore time is remembered for a day,
 * far longer than a gateway token lives).
 */
public final class RevocationFile implements Revocations {
    public static final String FILE_NAME = "revocations.json";
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

    /** How long a restore time is kept: longer than any gateway token lives, clock skew included. */
    static final Duration RESTORE_REMEMBERED = Duration.ofDays(1);

    /** What is revoked: token ids with when they may be forgotten, agents, and when agents were restored. */
    public record Snapshot(Map<String, Instant> tokens, Set<String> agents, Map<String, Instant> restored) {
        static final Snapshot NONE = new Snapshot(Map.of(), Set.of(), Map.of());
    }

    private final Path file;
    private final Clock clock;
    private volatile Snapshot current = Snapshot.NONE;
    private volatile String loadedVersion;
    private volatile Instant nextCheck = Instant.MIN;

    private RevocationFile(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** Reads the file now, so a malformed one stops start-up rather than a request. */
    public static RevocationFile watch(Path dataDir, Clock clock) {
        RevocationFile revocations = new RevocationFile(dataDir.resolve(FILE_NAME), clock);
        revocations.refresh();
        return revocations;
    }

    @Override
    public boolean isTokenRevoked(String tokenId) {
        return revocations().tokens().containsKey(tokenId);
    }

    @Override
    public boolean isAgentRevoked(String agentId) {
        return revocations().agents().contains(agentId);
    }

    @Override
    public Optional<Instant> agentRestoredAt(String agentId) {
        return Optional.ofNullable(revocations().restored().get(agentId));
    }

    private Snapshot revocations() {
        Instant now = clock.instant();
        if (now.isAfter(nextCheck)) {
            nextCheck = now.plus(CHECK_INTERVAL);
            refresh();
        }
        return current;
    }

    private synchronized void refresh() {
        try {
            // Every write replaces the file, so a new inode marks a change even within the mtime's resolution.
            String version = null;
            if (Files.exists(file)) {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                version = attributes.fileKey() + "@" + attributes.lastModifiedTime() + "/" + attributes.size();
            }
            if (version == null) {
                current = Snapshot.NONE;
            } else if (!version.equals(loadedVersion)) {
                current = read(file);
            }
            loadedVersion = version;
        } catch (IOException e) {
            // Keep what was known; a file being replaced is read at the next check.
        }
    }

    /** Revokes a token id; it is remembered until no token with it can still be alive. */
    public static void revokeToken(Path dataDir, String tokenId, Duration longestTokenLife, Clock clock) {
        update(dataDir, clock, (tokens, agents, restored) -> tokens.put(tokenId,
                clock.instant().plus(longestTokenLife)));
    }

    public static void revokeAgent(Path dataDir, String agentId, Clock clock) {
        update(dataDir, clock, (tokens, agents, restored) -> agents.add(agentId));
    }

    /**
     * Accepts the agent's new tokens again; every token issued up to now stays refused.
     *
     * @return whether the agent was revoked
     */
    public static boolean restoreAgent(Path dataDir, String agentId, Clock clock) {
        boolean[] removed = new boolean[1];
        update(dataDir, clock, (tokens, agents, restored) -> {
            removed[0] = agents.remove(agentId);
            if (removed[0]) {
                restored.put(agentId, clock.instant());
            }
        });
        return removed[0];
    }

    private interface Change {
        void apply(Map<String, Instant> tokens, Set<String> agents, Map<String, Instant> restored);
    }

    private static synchronized void update(Path dataDir, Clock clock, Change change) {
        Path file = dataDir.resolve(FILE_NAME);
        Snapshot before = Files.exists(file) ? read(file) : Snapshot.NONE;
        Map<String, Instant> tokens = new LinkedHashMap<>(before.tokens());
        Instant now = clock.instant();
        tokens.values().removeIf(forgetAt -> forgetAt.isBefore(now));
        Set<String> agents = new TreeSet<>(before.agents());
        Map<String, Instant> restored = new TreeMap<>(before.restored());
        restored.values().removeIf(at -> at.plus(RESTORE_REMEMBERED).isBefore(now));
        change.apply(tokens, agents, restored);
        Map<String, Object> json = new LinkedHashMap<>();
        Map<String, Object> tokenJson = new LinkedHashMap<>();
        tokens.forEach((id, forgetAt) -> tokenJson.put(id, forgetAt.toString()));
        json.put("tokens", tokenJson);
        json.put("agents", List.copyOf(agents));
        Map<String, Object> restoredJson = new LinkedHashMap<>();
        restored.forEach((agent, at) -> restoredJson.put(agent, at.toString()));
        json.put("restored", restoredJson);
        try {
            Files.createDirectories(dataDir);
            Path temp = Files.createTempFile(dataDir, "revocations", ".tmp");
            try {
                Files.writeString(temp, JSONObjectUtils.toJSONString(json), StandardCharsets.UTF_8);
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": check that the data folder is writable.", e);
        }
    }

    private static Snapshot read(Path file) {
        try {
            Map<String, Object> json = JSONObjectUtils.parse(Files.readString(file, StandardCharsets.UTF_8));
            Map<String, Instant> tokens = new LinkedHashMap<>();
            Map<String, Object> tokenJson = JSONObjectUtils.getJSONObject(json, "tokens");
            if (tokenJson != null) {
                tokenJson.forEach((id, forgetAt) -> tokens.put(id, Instant.parse(String.valueOf(forgetAt))));
            }
            String[] agents = JSONObjectUtils.getStringArray(json, "agents");
            Map<String, Instant> restored = new LinkedHashMap<>();
            Map<String, Object> restoredJson = JSONObjectUtils.getJSONObject(json, "restored");
            if (restoredJson != null) {
                restoredJson.forEach((agent, at) -> restored.put(agent, Instant.parse(String.valueOf(at))));
            }
            return new Snapshot(Map.copyOf(tokens), agents == null ? Set.of() : Set.of(agents), Map.copyOf(restored));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        } catch (ParseException | RuntimeException e) {
            throw new IllegalStateException(file + " is not a revocation list ({\"tokens\": {<jti>: <time>}, "
                    + "\"agents\": [...], \"restored\": {<agent>: <time>}}): fix it or delete it and revoke again "
                    + "with ./airlock revoke.", e);
        }
    }
}
