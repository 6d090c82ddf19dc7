-- Issue 23 (scores): a claim on a dirty mark. SQLite's one process read the dirty accounts and
-- scored them alone; on PostgreSQL several replicas' refreshers run at once, so `scores.dirty`
-- claims the marks it returns (FOR UPDATE SKIP LOCKED, then this lease, in database time, epoch
-- ms) and another replica skips them until the lease ends or the score is stored. A replica that
-- dies mid-batch leaves its claims to expire. NULL: not claimed.
ALTER TABLE dirty_accounts ADD COLUMN claimed_until bigint;
