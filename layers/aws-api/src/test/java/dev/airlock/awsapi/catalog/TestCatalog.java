package dev.airlock.awsapi.catalog;

import java.util.List;

/**
 * The shipped catalog for tests. Until {@code catalog/s3.json} (written with the REST-XML codec)
 * is on the classpath, the other listed services are loaded without it.
 */
public final class TestCatalog {
    private static final AwsCatalog CATALOG = create();

    private TestCatalog() {
    }

    public static AwsCatalog get() {
        return CATALOG;
    }

    public static boolean hasS3() {
        return TestCatalog.class.getClassLoader().getResource("catalog/s3.json") != null;
    }

    private static AwsCatalog create() {
        return hasS3() ? AwsCatalog.load()
                : AwsCatalog.load("catalog", List.of("dynamodb", "sqs", "ec2", "ssm", "logs", "sts"));
    }
}
