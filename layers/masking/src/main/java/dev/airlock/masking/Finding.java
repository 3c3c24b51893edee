package dev.airlock.masking;

/** A span of text, {@code [start, end)}, that a detector recognised as {@code type}. */
record Finding(int start, int end, String type) {

    boolean overlaps(Finding other) {
        return start < other.end && other.start < end;
    }
}
