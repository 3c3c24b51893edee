package dev.airlock.masking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs the detectors over one value. A prescan rules most values out at once; detectors run
 * in priority order (the most specific first) and a finding that overlaps an earlier one is
 * dropped, so a card number is not also counted as a phone number.
 */
final class TextScanner {
    /** Shorter values cannot hold anything the detectors look for. */
    static final int MIN_LENGTH = 7;
    private static final Comparator<Finding> BY_START = Comparator.comparingInt(Finding::start);

    private final Detector[] detectors;

    TextScanner(List<Detector> detectors) {
        this.detectors = detectors.toArray(Detector[]::new);
    }

    static TextScanner withAllDetectors(String phoneRegion) {
        return new TextScanner(List.of(new PrivateKeyDetector(), new JwtDetector(), new AwsAccessKeyDetector(),
                new AwsSecretKeyDetector(), new IbanDetector(), new PaymentCardDetector(), new UsSsnDetector(),
                new EmailDetector(), new IpAddressDetector(), new PhoneNumberDetector(phoneRegion)));
    }

    List<Detector> detectors() {
        return List.of(detectors);
    }

    List<String> types() {
        return detectors().stream().map(Detector::type).toList();
    }

    /** Non-overlapping findings in {@code a[from, to)}, in order; empty when there are none. */
    List<Finding> scan(char[] a, int from, int to) {
        if (to - from < MIN_LENGTH) {
            return List.of();
        }
        Prescan prescan = Prescan.of(a, from, to);
        if (prescan.nothingToFind()) {
            return List.of();
        }
        List<Finding> kept = List.of();
        List<Finding> found = null;
        for (Detector detector : detectors) {
            if (!detector.mightMatch(prescan)) {
                continue;
            }
            if (found == null) {
                found = new ArrayList<>(4);
            }
            found.clear();
            detector.scan(a, from, to, found);
            if (!found.isEmpty()) {
                found.sort(BY_START);
                kept = merge(kept, found);
            }
        }
        return kept;
    }

    /**
     * Both lists are in order and free of overlaps; the result keeps every earlier finding and
     * the later ones that overlap none of them. One pass over each, so a value with thousands
     * of findings costs no more per finding than a value with one.
     */
    static List<Finding> merge(List<Finding> earlier, List<Finding> later) {
        List<Finding> merged = new ArrayList<>(earlier.size() + later.size());
        int e = 0;
        for (Finding candidate : later) {
            while (e < earlier.size() && earlier.get(e).end() <= candidate.start()) {
                merged.add(earlier.get(e++));
            }
            boolean overlapsNext = e < earlier.size() && earlier.get(e).start() < candidate.end();
            boolean overlapsKept = !merged.isEmpty() && merged.getLast().end() > candidate.start();
            if (!overlapsNext && !overlapsKept) {
                merged.add(candidate);
            }
        }
        while (e < earlier.size()) {
            merged.add(earlier.get(e++));
        }
        return merged;
    }
}
