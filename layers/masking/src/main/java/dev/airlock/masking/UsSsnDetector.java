package dev.airlock.masking;

import java.util.List;

/**
 * US Social Security numbers written {@code 123-45-6789} or {@code 123 45 6789}. Numbers the
 * SSA never issues are left alone: area 000, 666 or 900-999, group 00, serial 0000.
 */
final class UsSsnDetector extends Detector {
    private static final int LENGTH = 11;

    @Override
    public String type() {
        return "ssn";
    }

    @Override
    public boolean mightMatch(Prescan p) {
        return p.numberRunDigits >= 9 && p.length >= LENGTH;
    }

    @Override
    public void scan(char[] a, int from, int to, List<Finding> findings) {
        for (int i = from; i + LENGTH <= to; i++) {
            if (!Detector.isDigit(a[i]) || (i > from && (Detector.isDigit(a[i - 1]) || a[i - 1] == '-'))) {
                continue;
            }
            char separator = a[i + 3];
            if ((separator != '-' && separator != ' ') || a[i + 6] != separator
                    || !digits(a, i, 3) || !digits(a, i + 4, 2) || !digits(a, i + 7, 4)) {
                continue;
            }
            int end = i + LENGTH;
            if (end < to && (Detector.isDigit(a[end]) || a[end] == '-')) {
                continue;
            }
            int area = number(a, i, 3);
            int group = number(a, i + 4, 2);
            int serial = number(a, i + 7, 4);
            if (area != 0 && area != 666 && area < 900 && group != 0 && serial != 0) {
                findings.add(new Finding(i, end, type()));
                i = end - 1;
            }
        }
    }

    private static boolean digits(char[] a, int at, int count) {
        for (int i = at; i < at + count; i++) {
            if (!Detector.isDigit(a[i])) {
                return false;
            }
        }
        return true;
    }

    private static int number(char[] a, int at, int count) {
        int value = 0;
        for (int i = at; i < at + count; i++) {
            value = value * 10 + (a[i] - '0');
        }
        return value;
    }
}
