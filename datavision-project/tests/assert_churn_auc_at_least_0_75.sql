-- The churn score must rank churners above stayers: AUC of at least 0.75 against the planted
-- ground truth (issue: "churn risk reaches an AUC of at least 0.75"). Returns the evaluation
-- row when it does not.
select auc, churners, stayers, precision_at_threshold, recall_at_threshold
from ${ref('churn_evaluation')}
where auc is null or auc < 0.75
