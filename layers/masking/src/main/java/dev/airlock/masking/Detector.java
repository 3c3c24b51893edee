package dev.airlock.masking;

import java.util.List;

/**
 * Finds one kind of sensitive value in free text. Every detector validates what it finds
 * (checksums, number ranges, a real parser) so that order numbers and timestamps are left
 * alone, and runs in time linear in the length of the text.
 */
interface Detector {

    /** The type findings are counted under, for example {@code email}. */
    String type();

    void scan(String text, List<Finding> findings);
}
