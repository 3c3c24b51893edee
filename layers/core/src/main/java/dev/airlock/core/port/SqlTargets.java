package dev.airlock.core.port;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** The configured SQL targets, by name. */
public interface SqlTargets {

    Optional<SqlTarget> find(String name);

    SortedSet<String> names();

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
        };
    }
}
