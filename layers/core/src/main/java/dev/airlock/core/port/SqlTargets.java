package dev.airlock.core.port;

import java.util.Optional;
import java.util.SortedSet;

/** The configured SQL targets, by name. */
public interface SqlTargets {

    Optional<SqlTarget> find(String name);

    SortedSet<String> names();
}
