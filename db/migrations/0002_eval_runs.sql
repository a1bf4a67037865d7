-- Eval runs over generated or reviewed sets, kept so dashboards can show accuracy, speed and cost over time.
CREATE TABLE eval_runs (
  run_id       text        PRIMARY KEY,
  set_name     text        NOT NULL,
  started_at   timestamptz NOT NULL,
  finished_at  timestamptz NOT NULL,
  config       jsonb       NOT NULL,
  metrics      jsonb       NOT NULL
);

CREATE TABLE eval_items (
  run_id     text  NOT NULL REFERENCES eval_runs (run_id) ON DELETE CASCADE,
  packet_id  text  NOT NULL,
  metrics    jsonb NOT NULL,
  PRIMARY KEY (run_id, packet_id)
);

CREATE INDEX eval_runs_set_time ON eval_runs (set_name, started_at);
