-- pbxmon incident store, version 3: indexes for the retention sweep (incidents.retention), which
-- deletes delivered and dead outbox rows, history rows and closed incidents older than the retention.
CREATE INDEX idx_outbox_delivered ON outbox (state, delivered_ms);
CREATE INDEX idx_outbox_dead ON outbox (state, dead_ms);
CREATE INDEX idx_history_at ON incident_history (at_ms);
