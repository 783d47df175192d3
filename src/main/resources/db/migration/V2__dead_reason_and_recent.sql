-- pbxmon incident store, version 2: the reason a delivery was given up (apart from the last error of
-- a retry), when it was, and an index for "incidents changed since" (the API's history query).
ALTER TABLE outbox ADD COLUMN dead_reason TEXT NULL;
ALTER TABLE outbox ADD COLUMN dead_ms BIGINT NULL;
CREATE INDEX idx_incident_updated ON incident (updated_ms);
