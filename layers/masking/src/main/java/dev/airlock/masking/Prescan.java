package dev.airlock.masking;

/**
 * One cheap pass over a value that counts what detectors need to have any chance: most
 * values (names, ids, words) rule out every detector here, and are never scanned again.
 */
final class Prescan {
    int length;
    int digits;
    int uppers;
    int lowers;
    int ats;
    int colons;
    int dots;
    boolean fiveDashes;
    boolean jwtStart;

    static Prescan of(char[] a, int from, int to) {
        Prescan p = new Prescan();
        p.length = to - from;
        int dashRun = 0;
        for (int i = from; i < to; i++) {
            char c = a[i];
            if (c >= '0' && c <= '9') {
                p.digits++;
                dashRun = 0;
            } else if (c >= 'A' && c <= 'Z') {
                p.uppers++;
                dashRun = 0;
            } else if (c >= 'a' && c <= 'z') {
                p.lowers++;
                dashRun = 0;
                if (c == 'e' && i + 2 < to && a[i + 1] == 'y' && a[i + 2] == 'J') {
                    p.jwtStart = true;
                }
            } else if (c == '-') {
                if (++dashRun >= 5) {
                    p.fiveDashes = true;
                }
            } else {
                dashRun = 0;
                switch (c) {
                    case '@' -> p.ats++;
                    case ':' -> p.colons++;
                    case '.' -> p.dots++;
                    default -> {
                        // other punctuation and non-ASCII letters rule nothing in or out
                    }
                }
            }
        }
        return p;
    }
}
