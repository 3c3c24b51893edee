package dev.airlock.core.model;

/** How much harm a statement can do, from least to most. */
public enum RiskClass {
    /** Reads data only; runs inside a READ ONLY transaction. */
    READ,
    /** Changes rows it names. */
    WRITE,
    /** Changes or removes rows in bulk: UPDATE or DELETE without WHERE, TRUNCATE, DROP. */
    DESTRUCTIVE,
    /** Changes the schema. */
    DDL,
    /** Changes who may do what. */
    PRIVILEGE,
    /** Could not be classified with confidence: never allowed without a policy that says so. */
    UNKNOWN
}
