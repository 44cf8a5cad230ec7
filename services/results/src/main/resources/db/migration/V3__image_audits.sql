-- Image audits (plans of kind image_audit): a run's kind, and one LIME explanation per image task.
ALTER TABLE runs ADD COLUMN kind text NOT NULL DEFAULT 'LLM';        -- LLM | IMAGE_AUDIT

-- One row per image task. No foreign key to runs: an explanation may arrive before its run's CREATED event.
CREATE TABLE image_explanations (
    task_id          text             PRIMARY KEY,
    run_id           text             NOT NULL,
    image_set        text             NOT NULL,
    image_id         text             NOT NULL,
    label            text             NOT NULL,                   -- the annotated class, '' when none
    status           text             NOT NULL,                   -- OK | ERROR
    error            text             NOT NULL,
    predicted_label  text             NOT NULL,
    confidence       double precision NOT NULL,
    object_share     double precision,                            -- null: no region or no positive attribution
    fidelity         double precision NOT NULL,                   -- weighted R^2 of LIME's surrogate
    superpixels      integer          NOT NULL,
    attribution      double precision[] NOT NULL,                 -- per superpixel
    top_superpixels  integer[]        NOT NULL,
    overlay_png      bytea,                                       -- the explanation drawn over the image
    explained_ms     bigint           NOT NULL,
    ingested_at      timestamptz      NOT NULL DEFAULT now()
);
CREATE INDEX image_explanations_run ON image_explanations (run_id, image_set, image_id);
