package dev.airlock.masking;

import java.util.List;

/**
 * Finds one kind of sensitive value in text. Every detector validates what it finds (a
 * checksum, number ranges, a real parser) so that order numbers and timestamps are left alone,
 * and looks only a bounded distance ahead from any position, so its time is linear in the
 * length of the text whatever the text holds.
 *
 * <p>An abstract class rather than an interface: the scanner calls {@link #mightMatch} on every
 * detector for many values, and a virtual call is cheaper than an interface call there.
 */
abstract class Detector {

    /** The type findings are counted under, for example {@code email}. */
    abstract String type();

    /** False when the prescan rules this detector out, without looking further. */
    abstract boolean mightMatch(Prescan prescan);

    abstract void scan(char[] a, int from, int to, List<Finding> findings);

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isAsciiAlnum(char c) {
        return isDigit(c) || isAsciiLetter(c);
    }
}
