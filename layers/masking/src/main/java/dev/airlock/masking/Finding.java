package dev.airlock.masking;

/** Characters {@code [start, end)} of a value that a detector recognised as {@code type}. */
record Finding(int start, int end, String type) {

    boolean overlaps(Finding other) {
        return start < other.end && other.start < end;
    }
}
