package dev.airlock.settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads a function's settings and collects every problem, so that start-up fails once with a
 * list naming each variable to fix and what to put in it, rather than one variable per deploy.
 *
 * <p>Each read returns a usable value or, when the value is missing or malformed, records a
 * problem and returns the fallback (or null / empty); {@link #finish(String)} then throws if
 * anything was recorded. Values are stripped; a blank value counts as unset.
 *
 * <p>Durations are ISO-8601 ({@code PT30S}) or a whole number with a unit: {@code 500ms},
 * {@code 30s}, {@code 5m}, {@code 1h}, {@code 7d}. Sizes are bytes, or a whole number with
 * {@code K}, {@code M} or {@code G} (binary, as Quarkus reads {@code 10240K}; no {@code KB}, which Quarkus
 * refuses).
 */
public final class SettingsReader {
    private static final Pattern WITH_UNIT = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})([KMGB]?)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ARN = Pattern.compile("arn:aws(-cn|-us-gov)?:([a-z0-9-]+):([a-z0-9-]*):(\\d{12}|):(.+)");
    private static final String PREFIX = "AIRLOCK_";
    /** Near enough to a read variable's name to be a slip of the keyboard, far enough not to be another setting. */
    private static final int TYPO_DISTANCE = 2;

    private final Function<String, Optional<String>> byProperty;
    private final Set<String> present;
    private final Set<String> read = new TreeSet<>();
    private final List<String> problems = new ArrayList<>();
    private final Map<String, String> unreadFixes = new java.util.LinkedHashMap<>();

    private SettingsReader(Function<String, Optional<String>> byProperty, Iterable<String> names) {
        this.byProperty = byProperty;
        this.present = new TreeSet<>();
        names.forEach(name -> present.add(Setting.variable(name)));
    }

    /** Reads settings from environment variables, keyed by variable name (AIRLOCK_AUDIT_TABLE). */
    public static SettingsReader fromEnvironment(Map<String, String> environment) {
        Map<String, String> copy = Map.copyOf(environment);
        return new SettingsReader(property -> Optional.ofNullable(copy.get(Setting.variable(property))),
                copy.keySet());
    }

    /**
     * Reads settings through a lookup by property name, such as MicroProfile Config's, which
     * also finds the environment variable; {@code names} are all the names it holds, so that a
     * misspelt AIRLOCK_ variable can be reported.
     */
    public static SettingsReader from(Function<String, Optional<String>> byProperty, Iterable<String> names) {
        return new SettingsReader(byProperty, names);
    }

    /** The value, stripped; empty when unset or blank. */
    public Optional<String> optional(Setting setting) {
        read.add(setting.variable());
        return byProperty.apply(setting.property()).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** The value, or a problem "Set VARIABLE to MEANING." and null. */
    public String required(Setting setting) {
        Optional<String> value = optional(setting);
        if (value.isEmpty()) {
            problem("Set " + setting.variable() + " to " + setting.meaning() + ".");
            return null;
        }
        return value.get();
    }

    /** The value, or the fallback when unset. */
    public String string(Setting setting, String fallback) {
        return optional(setting).orElse(fallback);
    }

    /** Comma separated values, each stripped, blanks dropped; empty when unset. */
    public List<String> list(Setting setting) {
        return optional(setting).map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .toList()).orElse(List.of());
    }

    /** true or false (also yes/no, on/off, 1/0), or the fallback when unset. */
    public boolean bool(Setting setting, boolean fallback) {
        Optional<String> value = optional(setting);
        if (value.isEmpty()) {
            return fallback;
        }
        return switch (value.get().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> {
                problem(setting.variable() + " is '" + value.get() + "': set it to true or false ("
                        + setting.meaning() + ", default " + fallback + ").");
                yield fallback;
            }
        };
    }

    /** A whole number from min to max, or the fallback when unset or wrong (the problem is recorded). */
    public int integer(Setting setting, int fallback, int min, int max) {
        return (int) whole(setting, fallback, min, max, "");
    }

    /** A whole number from min to max, or the fallback when unset or wrong (the problem is recorded). */
    public long longValue(Setting setting, long fallback, long min, long max) {
        return whole(setting, fallback, min, max, "");
    }

    /** A size in bytes (65536, 64K, 10M) from min to max, or the fallback when unset or wrong. */
    public long bytes(Setting setting, long fallback, long min, long max) {
        Optional<String> value = optional(setting);
        if (value.isEmpty()) {
            return fallback;
        }
        var m = SIZE.matcher(value.get());
        if (!m.matches()) {
            problem(setting.variable() + " is '" + value.get() + "', not a size: give bytes or a whole number with K, "
                    + "M or G, such as " + size(fallback) + " (" + setting.meaning() + ").");
            return fallback;
        }
        long shift = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            default -> 0;
        };
        long number = Long.parseLong(m.group(1));
        long bytes = number > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : number << shift;
        return inRange(setting, value.get(), bytes, fallback, min, max, SettingsReader::size);
    }

    /** A duration from min to max (either may be null: unbounded), or the fallback when unset or wrong. */
    public Duration duration(Setting setting, Duration fallback, Duration min, Duration max) {
        Optional<String> value = optional(setting);
        if (value.isEmpty()) {
            return fallback;
        }
        Optional<Duration> parsed = parseDuration(value.get());
        if (parsed.isEmpty()) {
            problem(setting.variable() + " is '" + value.get() + "', not an ISO-8601 duration such as "
                    + (fallback == null ? "PT5M" : fallback) + ", nor a whole number with a unit such as 500ms, 30s, "
                    + "5m or 1h: set it to " + setting.meaning() + ".");
            return fallback;
        }
        Duration d = parsed.get();
        if (min != null && d.compareTo(min) < 0) {
            problem(setting.variable() + " is " + d + ", shorter than " + min + ": set it to " + setting.meaning()
                    + ".");
            return fallback;
        }
        if (max != null && d.compareTo(max) > 0) {
            problem(setting.variable() + " is " + d + ", longer than " + max + ": set it to " + setting.meaning()
                    + ".");
            return fallback;
        }
        return d;
    }

    /**
     * An ARN of the given service whose resource starts with {@code resourcePrefix}, for
     * example {@code states} and {@code stateMachine:}; empty when unset or wrong.
     */
    public Optional<String> arn(Setting setting, String service, String resourcePrefix, String example) {
        Optional<String> value = optional(setting);
        if (value.isEmpty()) {
            return value;
        }
        var m = ARN.matcher(value.get());
        if (!m.matches() || !m.group(2).equals(service) || !m.group(5).startsWith(resourcePrefix)) {
            problem(setting.variable() + " must be " + setting.meaning() + " (" + example + ").");
            return Optional.empty();
        }
        return value;
    }

    /** A KMS key id, key ARN or alias; one word. Required or not, a value with spaces is a problem. */
    public Optional<String> kmsKey(Setting setting, boolean required) {
        Optional<String> value = required ? Optional.ofNullable(required(setting)) : optional(setting);
        if (value.isPresent() && value.get().chars().anyMatch(Character::isWhitespace)) {
            problem(setting.variable() + " holds spaces: give one KMS key id, key ARN or alias.");
            return Optional.empty();
        }
        return value;
    }

    /**
     * An absolute https URL without query or fragment (plain http too for a loopback host, for
     * tests on one machine, or for any host unless {@code httpsOnly}). Empty when unset or wrong.
     */
    public Optional<URI> url(Setting setting, boolean httpsOnly, String example) {
        Optional<String> value = optional(setting);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(value.get());
        } catch (URISyntaxException e) {
            problem(setting.variable() + " is '" + value.get() + "', not a URL: give one " + example + ".");
            return Optional.empty();
        }
        boolean loopbackHttp = "http".equalsIgnoreCase(uri.getScheme())
                && ("localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost()));
        boolean schemeOk = "https".equalsIgnoreCase(uri.getScheme()) || loopbackHttp
                || (!httpsOnly && "http".equalsIgnoreCase(uri.getScheme()));
        if (!uri.isAbsolute() || uri.getHost() == null || !schemeOk) {
            problem(setting.variable() + " is '" + value.get() + "': give an https URL " + example
                    + "; what travels to it must not travel in clear text.");
            return Optional.empty();
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            problem(setting.variable() + " is '" + value.get() + "': give the base URL without a query or fragment "
                    + example + ".");
            return Optional.empty();
        }
        return Optional.of(uri);
    }

    /** Records a problem found by a check the reader does not know, such as two settings that disagree. */
    public void problem(String problem) {
        problems.add(problem);
    }

    /** Records the problem unless {@code ok}. */
    public void check(boolean ok, String problem) {
        if (!ok) {
            problem(problem);
        }
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    /**
     * How to fix a set but unread variable whose name starts with {@code variablePrefix}, when a
     * better fix than removing it is likely: for example a target's variable whose target is not
     * listed ("add the target to AIRLOCK_TARGETS").
     */
    public void fixForUnread(String variablePrefix, String fix) {
        unreadFixes.put(variablePrefix, fix);
    }

    /**
     * Ends reading: every AIRLOCK_ variable that is set but that nothing read is a problem, since
     * whoever set it expects an effect it does not have. One whose name is one or two letters
     * from one that was read is reported as a slip; any other as a setting this subject does
     * not have (one meant for another function, or left over). Throws if there is any problem.
     *
     * @param subject what is being configured, for example "The gateway function"
     * @throws IllegalStateException "SUBJECT is not configured:" and one line per problem
     */
    public void finish(String subject) {
        String reader = subject.startsWith("The ") ? "the " + subject.substring(4) : subject;
        for (String name : present) {
            if (!name.startsWith(PREFIX) || read.contains(name)) {
                continue;
            }
            Set<String> near = new LinkedHashSet<>();
            for (String known : read) {
                if (distance(name, known) <= TYPO_DISTANCE) {
                    near.add(known);
                }
            }
            if (!near.isEmpty()) {
                problems.add(name + " is set, but no setting has that name: did you mean " + String.join(" or ", near)
                        + "? Rename it, or remove it.");
                continue;
            }
            String fix = unreadFixes.entrySet().stream().filter(e -> name.startsWith(e.getKey()))
                    .map(Map.Entry::getValue).findFirst().orElse("set it only on the function that reads it");
            problems.add(name + " is set, but " + reader + " reads no such setting: remove it, or " + fix + ".");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(subject + " is not configured:\n  - " + String.join("\n  - ", problems));
        }
    }

    private long whole(Setting setting, long fallback, long min, long max, String unit) {
        Optional<String> value = optional(setting);
        if (value.isEmpty()) {
            return fallback;
        }
        long number;
        try {
            number = Long.parseLong(value.get().replace("_", ""));
        } catch (NumberFormatException e) {
            problem(setting.variable() + " is '" + value.get() + "', not a whole number: set it to "
                    + setting.meaning() + ", from " + min + " to " + max + ".");
            return fallback;
        }
        return inRange(setting, value.get(), number, fallback, min, max, n -> n + unit);
    }

    private long inRange(Setting setting, String raw, long value, long fallback, long min, long max,
                         Function<Long, String> shown) {
        if (value < min || value > max) {
            problem(setting.variable() + " is " + raw + ", " + (value < min ? "less than " + shown.apply(min)
                    : "more than " + shown.apply(max)) + ": set it to " + setting.meaning() + ", from "
                    + shown.apply(min) + " to " + shown.apply(max) + ".");
            return fallback;
        }
        return value;
    }

    /** ISO-8601, or a whole number with ms, s, m, h or d. */
    static Optional<Duration> parseDuration(String value) {
        String v = value.strip();
        var m = WITH_UNIT.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return Optional.of(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        try {
            return Optional.of(Duration.parse(v));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String size(long bytes) {
        if (bytes >= (1L << 20) && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + "M";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return (bytes >> 10) + "K";
        }
        return Long.toString(bytes);
    }

    /** Levenshtein distance, cut short past the typo distance: names are short and few. */
    static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > TYPO_DISTANCE) {
            return TYPO_DISTANCE + 1;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
