package dev.airlock.masking;

/**
 * A cheap look at a value that records what detectors need to have any chance: counts of
 * character classes and a few shapes (the longest run of digits and number punctuation, an
 * IBAN-like start, a 40-character key run). Most values (names, ids, words) rule out every
 * detector here and are never scanned again.
 */
final class Prescan {
    private static final int DIGIT = 1;
    private static final int UPPER = 2;
    private static final int LOWER = 4;
    /** Characters a written number may hold between its digits: {@code (212) 555-0123}, {@code +44 20.7946}. */
    private static final int NUMBER = 8;
    /** The base64 alphabet of AWS secret keys. */
    private static final int KEY = 16;
    private static final int AT = 32;
    private static final int COLON = 64;
    private static final int DASH = 128;
    private static final int DOT = 256;
    private static final int[] CLASSES = new int[128];
    private static final int LANE_BITS = 9;
    private static final int CHUNK = (1 << LANE_BITS) - 1;
    /** Per ASCII character, a one in the count lanes it adds to: digit, upper, dot, dash, @, colon, lower. */
    private static final long[] LANES = new long[128];
    private static final Prescan NOTHING = new Prescan();

    static {
        for (char c = '0'; c <= '9'; c++) {
            CLASSES[c] = DIGIT | NUMBER | KEY;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            CLASSES[c] = UPPER | KEY;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            CLASSES[c] = LOWER | KEY;
        }
        for (char c : " -.()+".toCharArray()) {
            CLASSES[c] |= NUMBER;
        }
        CLASSES['/'] |= KEY;
        CLASSES['+'] |= KEY;
        CLASSES['@'] |= AT;
        CLASSES[':'] |= COLON;
        CLASSES['-'] |= DASH;
        CLASSES['.'] |= DOT;
        int[] laneClasses = {DIGIT, UPPER, DOT, DASH, AT, COLON, LOWER};
        for (int c = 0; c < 128; c++) {
            for (int lane = 0; lane < laneClasses.length; lane++) {
                if ((CLASSES[c] & laneClasses[lane]) != 0) {
                    LANES[c] |= 1L << (LANE_BITS * lane);
                }
            }
        }
    }

    /** The length of the key runs AWS secret keys are made of. */
    static final int KEY_RUN = 40;

    int length;
    int digits;
    int uppers;
    int lowers;
    int ats;
    int colons;
    int dots;
    int dashes;
    /** The most digits in one run of digits and number punctuation: a card needs 13, an SSN 9. */
    int numberRunDigits;
    /** Two upper-case letters followed by two digits somewhere, as every IBAN starts. */
    boolean ibanStart;
    boolean doubleColon;
    /** A run of exactly {@link #KEY_RUN} base64 characters. */
    boolean keyRun;
    boolean fiveDashes;
    /** How many times {@code eyJ} (base64 of <code>{"</code>) appears: a JWT has two. */
    int jwtStarts;

    /** True when no detector can match, so the value needs no further look. */
    boolean nothingToFind() {
        return this == NOTHING;
    }

    /**
     * A first, branch-free pass counts what every detector needs at the least; values that
     * have too little of it for all of them (words, names, most ids) stop there. The rest get
     * only the shapes some detector could still use, each from its own short loop.
     */
    static Prescan of(char[] a, int from, int to) {
        Prescan p = counts(a, from, to, true);
        if (p == NOTHING) {
            return NOTHING;
        }
        if (p.digits >= 7) {
            p.numberRunDigits = numberRunDigits(a, from, to);
        }
        if (p.uppers >= 2 && p.digits >= 10) {
            p.ibanStart = ibanStart(a, from, to);
        }
        if (p.length >= KEY_RUN && p.digits > 0 && p.uppers > 0 && p.lowers > 0) {
            p.keyRun = keyRun(a, from, to);
        }
        if (p.uppers >= 2 && p.dots > 0) {
            p.jwtStarts = jwtStarts(a, from, to);
        }
        if (p.dashes >= 5 && p.uppers >= 10) {
            p.fiveDashes = fiveDashes(a, from, to);
        }
        if (p.colons >= 2) {
            p.doubleColon = doubleColon(a, from, to);
        }
        return p;
    }

    /** Every count and every shape, no shortcut: what {@link #of} must agree with (tests compare). */
    static Prescan complete(char[] a, int from, int to) {
        Prescan p = counts(a, from, to, false);
        p.numberRunDigits = numberRunDigits(a, from, to);
        p.ibanStart = ibanStart(a, from, to);
        p.keyRun = keyRun(a, from, to);
        p.jwtStarts = jwtStarts(a, from, to);
        p.fiveDashes = fiveDashes(a, from, to);
        p.doubleColon = doubleColon(a, from, to);
        return p;
    }

    /**
     * Seven counts in one pass, without a branch per character: each character adds its class
     * lanes (nine bits each) to one long, emptied every {@link #CHUNK} characters so no lane
     * overflows.
     */
    private static Prescan counts(char[] a, int from, int to, boolean mayRuleOut) {
        int digits = 0;
        int uppers = 0;
        int dots = 0;
        int dashes = 0;
        int ats = 0;
        int colons = 0;
        int lowers = 0;
        for (int chunk = from; chunk < to; chunk += CHUNK) {
            int end = Math.min(to, chunk + CHUNK);
            long lanes = 0;
            for (int i = chunk; i < end; i++) {
                char c = a[i];
                // All ones for ASCII, zero above: other scripts count as nothing.
                long ascii = (c - 128) >> 31;
                lanes += LANES[c & 127] & ascii;
            }
            digits += lane(lanes, 0);
            uppers += lane(lanes, 1);
            dots += lane(lanes, 2);
            dashes += lane(lanes, 3);
            ats += lane(lanes, 4);
            colons += lane(lanes, 5);
            lowers += lane(lanes, 6);
        }
        int length = to - from;
        boolean noNumber = digits < 7 && (dots < 3 || digits < 4);          // phone, SSN, card, IBAN, IPv4
        boolean noMark = ats == 0 && colons == 0;                            // email, IPv6
        boolean noSecretKey = digits == 0 || length < KEY_RUN;
        boolean noAwsKeyId = uppers < 4 || length < 20;
        boolean noJwt = uppers < 2 || dots == 0;
        boolean noPrivateKey = dashes < 5 || uppers < 10;
        if (mayRuleOut && noNumber && noMark && noSecretKey && noAwsKeyId && noJwt && noPrivateKey) {
            // Too little of everything for any detector.
            return NOTHING;
        }
        Prescan p = new Prescan();
        p.length = length;
        p.digits = digits;
        p.uppers = uppers;
        p.dots = dots;
        p.dashes = dashes;
        p.ats = ats;
        p.colons = colons;
        p.lowers = lowers;
        return p;
    }

    private static int lane(long lanes, int index) {
        return (int) (lanes >>> (LANE_BITS * index)) & ((1 << LANE_BITS) - 1);
    }

    /** Branch-free, as random text would mispredict every branch: a run grows on digits and survives punctuation. */
    private static int numberRunDigits(char[] a, int from, int to) {
        int best = 0;
        int run = 0;
        for (int i = from; i < to; i++) {
            char c = a[i];
            int cls = CLASSES[c & 127] & (int) ((c - 128) >> 31);
            run = (run + (cls & DIGIT)) * ((cls & NUMBER) >> 3);
            best = Math.max(best, run);
        }
        return best;
    }

    /** Two capitals and two digits opening a word, as every IBAN does ({@code GB82}, {@code DE89...}). */
    private static boolean ibanStart(char[] a, int from, int to) {
        return IbanDetector.nextStart(a, from, from, to) >= 0;
    }

    private static boolean keyRun(char[] a, int from, int to) {
        int run = 0;
        for (int i = from; i < to; i++) {
            char c = a[i];
            if (c < 128 && (CLASSES[c] & KEY) != 0) {
                run++;
            } else {
                if (run == KEY_RUN) {
                    return true;
                }
                run = 0;
            }
        }
        return run == KEY_RUN;
    }

    /** Counts up to two: a JWT needs two {@code eyJ}, so more tell nothing new. */
    private static int jwtStarts(char[] a, int from, int to) {
        int starts = 0;
        for (int i = from; i + 3 <= to && starts < 2; i++) {
            if (a[i] == 'e' && a[i + 1] == 'y' && a[i + 2] == 'J') {
                starts++;
            }
        }
        return starts;
    }

    private static boolean fiveDashes(char[] a, int from, int to) {
        int run = 0;
        int longest = 0;
        for (int i = from; i < to; i++) {
            char c = a[i];
            run = (run + 1) * ((CLASSES[c & 127] & (int) ((c - 128) >> 31) & DASH) >> 7);
            longest = Math.max(longest, run);
        }
        return longest >= 5;
    }

    private static boolean doubleColon(char[] a, int from, int to) {
        for (int i = from; i + 1 < to; i++) {
            if (a[i] == ':' && a[i + 1] == ':') {
                return true;
            }
        }
        return false;
    }

    /** The base64 alphabet of AWS secret keys: letters, digits, {@code /} and {@code +}. */
    static boolean isKeyChar(char c) {
        return c < 128 && (CLASSES[c] & KEY) != 0;
    }
}
