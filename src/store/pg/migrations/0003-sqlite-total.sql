-- SQLite's total() (and sum() of floats) adds with Kahan-Babuska-Neumaier compensation (SQLite
-- 3.43 on); PostgreSQL's sum(double precision) adds plainly, so over the same weights the two can
-- differ in the last bit (seen: 220.42857142857142 against 220.42857142857144 for one day's
-- weights), and a score read from them on one engine could then differ from the other's.
-- intent_total(x) takes SQLite's steps: nulls skipped, 0.0 over no value. Used by the reads that
-- sum floats straight from signals (activity's last day, src/store/pg/repos/activity.ts).
CREATE FUNCTION intent_total_step(state double precision[], value double precision)
  RETURNS double precision[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN value IS NULL THEN state
    ELSE ARRAY[
      state[1] + value,
      state[2] + CASE WHEN abs(state[1]) > abs(value)
                      THEN (state[1] - (state[1] + value)) + value
                      ELSE (value - (state[1] + value)) + state[1] END]
  END
$$;

CREATE FUNCTION intent_total_final(state double precision[])
  RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT state[1] + state[2]
$$;

CREATE AGGREGATE intent_total(double precision) (
  SFUNC = intent_total_step,
  STYPE = double precision[],
  FINALFUNC = intent_total_final,
  INITCOND = '{0,0}'
);
