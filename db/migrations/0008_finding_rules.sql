-- Which rule raised a finding (id and version) and the guideline it cites (topic, section; passages come from RAG).
ALTER TABLE findings ADD COLUMN rule_id text;
ALTER TABLE findings ADD COLUMN rule_version integer;
ALTER TABLE findings ADD COLUMN citation jsonb;
