-- The event catalog: one row per event, kept in step by the event grains (a write carries the event's
-- version and never overwrites a newer one). Serves GET /events search in PostgreSQL mode.
CREATE TABLE IF NOT EXISTS ticketing_event_catalog
(
    event_id     text        PRIMARY KEY,
    organizer_id text        NOT NULL,
    name         text        NOT NULL,
    description  text        NOT NULL DEFAULT '',
    venue        text        NOT NULL,
    city         text        NOT NULL,
    starts_at    timestamptz NOT NULL,
    status       text        NOT NULL,
    currency     text        NOT NULL,
    search       tsvector    GENERATED ALWAYS AS (
                     setweight(to_tsvector('english', coalesce(name, '')), 'A') ||
                     setweight(to_tsvector('english', coalesce(venue, '')), 'B') ||
                     setweight(to_tsvector('english', coalesce(description, '')), 'C')) STORED,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    version      bigint      NOT NULL
);

CREATE INDEX IF NOT EXISTS ix_event_catalog_search ON ticketing_event_catalog USING gin (search);
CREATE INDEX IF NOT EXISTS ix_event_catalog_status_starts ON ticketing_event_catalog (status, starts_at, event_id);
CREATE INDEX IF NOT EXISTS ix_event_catalog_city ON ticketing_event_catalog (lower(city));
