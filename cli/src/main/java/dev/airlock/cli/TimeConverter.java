package dev.airlock.cli;

import picocli.CommandLine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A point in time as auditors write it: {@code 2026-11-24T10:00:00Z}, or how long ago: {@code 30m}, {@code 24h}, {@code 7d}. */
final class TimeConverter implements CommandLine.ITypeConverter<Instant> {
    private static final Pattern AGO = Pattern.compile("(\\d{1,6})([smhd])");
    static Clock clock = Clock.systemUTC();

    @Override
    public Instant convert(String value) {
        Matcher ago = AGO.matcher(value.strip());
        if (ago.matches()) {
            long amount = Long.parseLong(ago.group(1));
            Duration back = switch (ago.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
            return clock.instant().minus(back);
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a time: write 2026-11-24T10:00:00Z, "
                    + "or how long ago, such as 30m, 24h or 7d.");
        }
    }
}
