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

    private final List<Detector> detectors;

    TextScanner(List<Detector> detectors) {
        this.detectors = List.copyOf(detectors);
    }

    static TextScanner withAllDetectors(String phoneRegion) {
        return new TextScanner(List.of(new PrivateKeyDetector(), new JwtDetector(), new AwsAccessKeyDetector(),
                new AwsSecretKeyDetector(), new IbanDetector(), new PaymentCardDetector(), new UsSsnDetector(),
                new EmailDetector(), new IpAddressDetector(), new PhoneNumberDetector(phoneRegion)));
    }

    List<String> types() {
        return detectors.stream().map(Detector::type).toList();
    }

    /** Non-overlapping findings in {@code a[from, to)}, in order; empty when there are none. */
    List<Finding> scan(char[] a, int from, int to) {
        if (to - from < MIN_LENGTH) {
            return List.of();
        }
        Prescan prescan = Prescan.of(a, from, to);
        List<Finding> kept = null;
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
            for (Finding finding : found) {
                if (kept == null) {
                    kept = new ArrayList<>(4);
                }
                if (kept.stream().noneMatch(finding::overlaps)) {
                    kept.add(finding);
                }
            }
        }
        if (kept == null) {
            return List.of();
        }
        kept.sort(Comparator.comparingInt(Finding::start));
        return kept;
    }
}
