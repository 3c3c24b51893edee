package dev.airlock.masking;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * US Social Security numbers written as {@code 123-45-6789} or {@code 123 45 6789}. Numbers
 * the SSA never issues are rejected: area 000, 666 or 900-999, group 00, serial 0000.
 */
final class UsSsnDetector implements Detector {
    private static final Pattern CANDIDATE = Pattern.compile("(?<![\\d-])(\\d{3})([- ])(\\d{2})\\2(\\d{4})(?![\\d-])");

    @Override
    public String type() {
        return "ssn";
    }

    @Override
    public void scan(String text, List<Finding> findings) {
        Matcher m = CANDIDATE.matcher(text);
        while (m.find()) {
            int area = Integer.parseInt(m.group(1));
            int group = Integer.parseInt(m.group(3));
            int serial = Integer.parseInt(m.group(4));
            if (area != 0 && area != 666 && area < 900 && group != 0 && serial != 0) {
                findings.add(new Finding(m.start(), m.end(), type()));
            }
        }
    }
}
