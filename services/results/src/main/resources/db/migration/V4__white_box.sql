-- What white-box conditions read from inside a model (Verdict.white_box), once per task whichever judge's verdict
-- brought it: reference_kl's answer tokens with their log-probabilities under the model and its reference.
CREATE TABLE white_box_logprobs (
    task_id            text    PRIMARY KEY,
    run_id             text    NOT NULL,
    suite              text    NOT NULL,
    condition          text    NOT NULL,                   -- condition label, as in verdicts
    prompt_id          text    NOT NULL,
    sample_index       integer NOT NULL,
    reference_model    text    NOT NULL,                   -- served name@version of the reference
    token_ids          bigint[] NOT NULL,
    token_logprobs     real[]  NOT NULL,
    reference_logprobs real[]  NOT NULL
);
CREATE INDEX white_box_logprobs_run ON white_box_logprobs (run_id);

-- The activations condition's residual stream at the last prompt token, one row per task and captured block.
CREATE TABLE white_box_activations (
    task_id      text    NOT NULL,
    layer        integer NOT NULL,                         -- block index, 0 = embeddings
    run_id       text    NOT NULL,
    suite        text    NOT NULL,
    condition    text    NOT NULL,
    prompt_id    text    NOT NULL,
    sample_index integer NOT NULL,
    activation   real[]  NOT NULL,
    PRIMARY KEY (task_id, layer)
);
CREATE INDEX white_box_activations_run ON white_box_activations (run_id, layer);

-- Misalignment directions fitted from stored activations (core DirectionArtifact), versioned per model family and
-- layer: a refit is a new version with a new id, so a stored direction never changes.
CREATE TABLE directions (
    id             bigserial   PRIMARY KEY,
    model_family   text        NOT NULL,
    layer          integer     NOT NULL,
    version        integer     NOT NULL,
    source         text        NOT NULL,                   -- MODEL_PAIR | JUDGED_LABELS
    source_run_ids text[]      NOT NULL,
    hidden_size    integer     NOT NULL,
    unit_vector    real[]      NOT NULL,
    norm           double precision NOT NULL,
    positives      integer     NOT NULL,
    negatives      integer     NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (model_family, layer, version)
);
