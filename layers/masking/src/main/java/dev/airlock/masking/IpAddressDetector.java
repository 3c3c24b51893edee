package dev.airlock.masking;

import org.apache.commons.validator.routines.InetAddressValidator;

import java.util.List;

/**
 * IP addresses: dotted IPv4 with four octets of at most 255, not part of a longer dotted
 * string such as a version; and IPv6 in any of its written forms, confirmed by
 * commons-validator. Both must stand apart from surrounding words.
 */
final class IpAddressDetector extends Detector {
    private static final int MAX_IPV6 = 45;
    private final InetAddressValidator validator = InetAddressValidator.getInstance();

    @Override
    public String type() {
        return "ip_address";
    }

    @Override
    public boolean mightMatch(Prescan p) {
        // Written IPv6 has all eight groups (seven colons) or "::" for the zeros it leaves out.
        return (p.dots >= 3 && p.digits >= 4) || p.doubleColon || p.colons >= 7;
    }

    @Override
    public void scan(char[] a, int from, int to, List<Finding> findings) {
        int i = from;
        while (i < to) {
            int end = -1;
            if (startsWord(a, i, from) && (Detector.isDigit(a[i]) || isHex(a[i]) || a[i] == ':')) {
                end = ipv4(a, i, to);
                if (end < 0) {
                    end = ipv6(a, i, to);
                }
            }
            if (end > 0) {
                findings.add(new Finding(i, end, type()));
                i = end;
            } else {
                i++;
            }
        }
    }

    private static boolean startsWord(char[] a, int i, int from) {
        return i == from || !(Detector.isAsciiAlnum(a[i - 1]) || a[i - 1] == '.' || a[i - 1] == ':'
                || a[i - 1] == '_' || a[i - 1] == '-');
    }

    private static boolean endsWord(char[] a, int end, int to) {
        if (end >= to) {
            return true;
        }
        char c = a[end];
        if (c == '.' || c == ':') {
            return end + 1 >= to || !Detector.isAsciiAlnum(a[end + 1]);
        }
        return !(Detector.isAsciiAlnum(c) || c == '_' || c == '-');
    }

    /** Four octets 0-255; -1 if not. */
    private static int ipv4(char[] a, int start, int to) {
        int i = start;
        for (int octet = 0; octet < 4; octet++) {
            int digits = 0;
            int value = 0;
            while (i < to && Detector.isDigit(a[i]) && digits < 4) {
                value = value * 10 + (a[i] - '0');
                digits++;
                i++;
            }
            if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && a[i - digits] == '0')) {
                return -1;
            }
            if (octet < 3) {
                if (i >= to || a[i] != '.') {
                    return -1;
                }
                i++;
            }
        }
        boolean withPort = i + 1 < to && a[i] == ':' && Detector.isDigit(a[i + 1]);
        return withPort || endsWord(a, i, to) ? i : -1;
    }

    private int ipv6(char[] a, int start, int to) {
        int end = start;
        int colons = 0;
        while (end < to && end - start < MAX_IPV6 && (isHex(a[end]) || a[end] == ':' || a[end] == '.')) {
            if (a[end] == ':') {
                colons++;
            }
            end++;
        }
        while (end > start && a[end - 1] == '.') {
            end--;
        }
        if (colons < 2 || !endsWord(a, end, to)) {
            return -1;
        }
        return validator.isValidInet6Address(new String(a, start, end - start)) ? end : -1;
    }

    private static boolean isHex(char c) {
        return Detector.isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
