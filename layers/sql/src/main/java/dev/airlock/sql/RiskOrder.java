package dev.airlock.sql;

import dev.airlock.core.model.RiskClass;

/** Orders risk classes from harmless to most dangerous, to keep the worse of two. */
final class RiskOrder {
    private RiskOrder() {
    }

    static RiskClass worse(RiskClass a, RiskClass b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(RiskClass risk) {
        return switch (risk) {
            case READ -> 0;
            case WRITE -> 1;
            case DESTRUCTIVE -> 2;
            case DDL -> 3;
            case PRIVILEGE -> 4;
            case UNKNOWN -> 5;
        };
    }
}
