-- pbxmon incident store, version 1. The same file runs on H2 (MODE=MariaDB, DATABASE_TO_LOWER=TRUE)
-- and on MariaDB: keep to the syntax both accept. Times are epoch milliseconds (BIGINT). Text keys
-- compare byte-wise (utf8mb4_bin on MariaDB, as H2 does), so "carrier" and "Carrier" are two objects.

-- One monitored object (PBX, trunk, queue, probe, alert) and its stored status.
CREATE TABLE monitored_object (
    object_id       VARCHAR(255) NOT NULL,
    kind            VARCHAR(16)  NOT NULL,
    pbx             VARCHAR(128) NOT NULL,
    name            VARCHAR(255) NOT NULL,
    incident_status VARCHAR(16)  NOT NULL,
    final_status    VARCHAR(16)  NOT NULL,
    modified_ms     BIGINT       NOT NULL,
    created_ms      BIGINT       NOT NULL,
    meta            TEXT         NULL,
    PRIMARY KEY (object_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One incident: a built-in rule firing on an object, or an Alertmanager alert.
CREATE TABLE incident (
    incident_key VARCHAR(512) NOT NULL,
    object_id    VARCHAR(255) NOT NULL,
    origin       VARCHAR(16)  NOT NULL,
    rule         VARCHAR(255) NOT NULL,
    severity     VARCHAR(16)  NOT NULL,
    summary      TEXT         NOT NULL,
    opened_ms    BIGINT       NOT NULL,
    updated_ms   BIGINT       NOT NULL,
    closed_ms    BIGINT       NULL,
    labels       TEXT         NOT NULL,
    PRIMARY KEY (incident_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX idx_incident_object ON incident (object_id);
CREATE INDEX idx_incident_closed ON incident (closed_ms);

-- What happened: an incident opened, updated (severity or summary) or closed; an object's status changed.
CREATE TABLE incident_history (
    id           BIGINT       NOT NULL AUTO_INCREMENT,
    incident_key VARCHAR(512) NULL,
    object_id    VARCHAR(255) NOT NULL,
    what         VARCHAR(16)  NOT NULL,
    severity     VARCHAR(16)  NULL,
    from_status  VARCHAR(16)  NULL,
    to_status    VARCHAR(16)  NULL,
    summary      TEXT         NULL,
    event_id     VARCHAR(64)  NULL,
    at_ms        BIGINT       NOT NULL,
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX idx_history_object ON incident_history (object_id, at_ms);
CREATE INDEX idx_history_incident ON incident_history (incident_key);

-- One delivery of one status event to one callback. Claimed with a lease (owner, until).
CREATE TABLE outbox (
    id              BIGINT       NOT NULL AUTO_INCREMENT,
    event_id        VARCHAR(64)  NOT NULL,
    callback        VARCHAR(64)  NOT NULL,
    payload         MEDIUMTEXT   NOT NULL,
    state           VARCHAR(16)  NOT NULL,
    attempts        INT          NOT NULL,
    created_ms      BIGINT       NOT NULL,
    next_attempt_ms BIGINT       NOT NULL,
    lease_owner     VARCHAR(128) NULL,
    lease_until_ms  BIGINT       NULL,
    last_error      TEXT         NULL,
    delivered_ms    BIGINT       NULL,
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- the claim: WHERE callback = ? AND state = 'pending' ... ORDER BY id
CREATE INDEX idx_outbox_claim ON outbox (callback, state, id);
-- the statistics: pending and dead rows per callback
CREATE INDEX idx_outbox_state ON outbox (state, callback, created_ms);
CREATE UNIQUE INDEX uq_outbox_event ON outbox (event_id, callback);
