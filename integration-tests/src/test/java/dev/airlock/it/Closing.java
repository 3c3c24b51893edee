package dev.airlock.it;

/** Tear-down after a test class: everything gets its chance to close, whatever the others do. */
final class Closing {
    private Closing() {
    }

    static void quietly(AutoCloseable... resources) {
        for (AutoCloseable resource : resources) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception ignored) {
                // best effort: a failed close must not hide the test's result
            }
        }
    }
}
