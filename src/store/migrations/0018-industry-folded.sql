-- The leaderboard's industry filter compares one stored fold (store/fold.ts, full Unicode:
-- "ПРОИЗВОДСТВО" and "производство" are one industry), written on every upsert; the API and
-- the pages both filter on it, through the index. fold_text is registered before migrating.
ALTER TABLE accounts ADD COLUMN industry_folded TEXT;
UPDATE accounts SET industry_folded = fold_text(industry) WHERE industry IS NOT NULL;
CREATE INDEX accounts_industry_folded ON accounts (industry_folded) WHERE industry_folded IS NOT NULL;
