package dev.airlock.credentials.aws;

/** The RDS Data API operations Airlock runs; each is allowed on the cluster ARN only. */
public enum RdsDataAction {
    EXECUTE_STATEMENT("rds-data:ExecuteStatement"),
    BATCH_EXECUTE_STATEMENT("rds-data:BatchExecuteStatement"),
    BEGIN_TRANSACTION("rds-data:BeginTransaction"),
    COMMIT_TRANSACTION("rds-data:CommitTransaction"),
    ROLLBACK_TRANSACTION("rds-data:RollbackTransaction");

    private final String iamAction;

    RdsDataAction(String iamAction) {
        this.iamAction = iamAction;
    }

    public String iamAction() {
        return iamAction;
    }
}
