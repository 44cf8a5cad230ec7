-- Multi-turn conversations judged turn by turn: the turn (1-based) of the first answer a harm judge labelled UNSAFE,
-- 0 for none, single-turn generations and judges that judge the last answer only (Verdict.first_unsafe_turn).
ALTER TABLE verdicts ADD COLUMN first_unsafe_turn integer NOT NULL DEFAULT 0;
