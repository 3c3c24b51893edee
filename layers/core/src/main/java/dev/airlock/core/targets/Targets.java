package dev.airlock.core.targets;

import dev.airlock.core.engine.Engine;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The configured targets by name, and the engines they speak. Closing them releases what their
 * executors hold (connection pools).
 */
public final class Targets implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Targets.class.getName());

    private final Map<String, Target<?>> byName;
    private final Map<String, Engine<?>> engines;

    private Targets(Map<String, Target<?>> byName, Map<String, Engine<?>> engines) {
        this.byName = byName;
        this.engines = engines;
    }

    /**
     * @param engines every engine the gateway serves, even one no target speaks yet (its requests
     *                then name an unknown target rather than an unknown protocol)
     */
    public static Targets of(Collection<? extends Engine<?>> engines, Collection<? extends Target<?>> targets) {
        Map<String, Engine<?>> byProtocol = new LinkedHashMap<>();
        for (Engine<?> engine : engines) {
            if (byProtocol.put(engine.protocol(), engine) != null) {
                throw new IllegalArgumentException("Two engines serve protocol '" + engine.protocol() + "'.");
            }
        }
        Map<String, Target<?>> byName = new TreeMap<>();
        for (Target<?> target : targets) {
            if (byName.put(target.name(), target) != null) {
                throw new IllegalArgumentException("Two targets are named '" + target.name() + "'.");
            }
            if (byProtocol.get(target.protocol()) != target.engine()) {
                throw new IllegalArgumentException("Target '" + target.name() + "' speaks " + target.protocol()
                        + " through an engine the gateway was not given.");
            }
        }
        return new Targets(byName, byProtocol);
    }

    public Optional<Target<?>> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Optional<Engine<?>> engine(String protocol) {
        return Optional.ofNullable(engines.get(protocol));
    }

    public SortedSet<String> names() {
        return new TreeSet<>(byName.keySet());
    }

    /** The names of the targets that speak {@code protocol}. */
    public SortedSet<String> names(String protocol) {
        SortedSet<String> names = new TreeSet<>();
        byName.values().stream().filter(t -> t.protocol().equals(protocol)).forEach(t -> names.add(t.name()));
        return names;
    }

    @Override
    public void close() {
        for (Target<?> target : byName.values()) {
            if (target.executor() instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.log(System.Logger.Level.WARNING, "target " + target.name() + " did not close cleanly: " + e);
                }
            }
        }
    }
}
