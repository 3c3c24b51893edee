package dev.airlock.core.port;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** The configured SQL targets, by name. Closing them releases their connections. */
public interface SqlTargets extends AutoCloseable {

    Optional<SqlTarget> find(String name);

    SortedSet<String> names();

    @Override
    void close();

    /** A fixed set of targets, for example those named in configuration at start-up. */
    static SqlTargets of(Collection<? extends SqlTarget> targets) {
        Map<String, SqlTarget> byName = new TreeMap<>();
        for (SqlTarget target : targets) {
            if (byName.put(target.name(), target) != null) {
                throw new IllegalArgumentException("Two targets are named '" + target.name() + "'.");
            }
        }
        return new SqlTargets() {
            @Override
            public Optional<SqlTarget> find(String name) {
                return Optional.ofNullable(byName.get(name));
            }

            @Override
            public SortedSet<String> names() {
                return new TreeSet<>(byName.keySet());
            }

            @Override
            public void close() {
                for (SqlTarget target : byName.values()) {
                    if (target instanceof AutoCloseable closeable) {
                        try {
                            closeable.close();
                        } catch (Exception e) {
                            System.getLogger(SqlTargets.class.getName()).log(System.Logger.Level.WARNING,
                                    "target " + target.name() + " did not close cleanly: " + e);
                        }
                    }
                }
            }
        };
    }
}
