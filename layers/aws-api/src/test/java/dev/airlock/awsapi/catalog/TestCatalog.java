package dev.airlock.awsapi.catalog;

/** The shipped catalog, loaded once for all tests. */
public final class TestCatalog {
    private static final AwsCatalog CATALOG = AwsCatalog.load();

    private TestCatalog() {
    }

    public static AwsCatalog get() {
        return CATALOG;
    }
}
