package dev.airlock.awsapi.wire;

/** Thrown inside a decoder to stop at the first thing it refuses; turned into {@link WireDecoding.Refused}. */
final class WireRefusal extends RuntimeException {
    private final String code;

    WireRefusal(String code, String reason) {
        super(reason, null, false, false);
        this.code = code;
    }

    static WireRefusal invalid(String reason) {
        return new WireRefusal("InvalidRequest", reason);
    }

    WireDecoding.Refused toRefused() {
        return new WireDecoding.Refused(code, getMessage());
    }
}
