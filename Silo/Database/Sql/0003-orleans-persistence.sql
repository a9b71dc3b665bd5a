-- Grain state (Microsoft.Orleans.Persistence.AdoNet). One row per grain state; Version is the ETag.
-- A unique index on the full identity lets a first write race be decided by the database itself
-- (ON CONFLICT) instead of a pessimistic check, and makes a duplicate row impossible.
CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            integer      NOT NULL,
    GrainIdN0              bigint       NOT NULL,
    GrainIdN1              bigint       NOT NULL,
    GrainTypeHash          integer      NOT NULL,
    GrainTypeString        varchar(512) NOT NULL,
    GrainIdExtensionString varchar(512) NULL,
    ServiceId              varchar(150) NOT NULL,
    PayloadBinary          bytea        NULL,
    ModifiedOn             timestamp    NOT NULL,
    Version                integer      NULL
);

CREATE UNIQUE INDEX IF NOT EXISTS UX_OrleansStorage_Identity
    ON OrleansStorage (GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, ServiceId, GrainTypeString, GrainIdExtensionString)
    NULLS NOT DISTINCT;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

('ReadFromStorageKey', '
SELECT PayloadBinary, (now() AT TIME ZONE ''utc'') AS ReadOn, Version
FROM OrleansStorage
WHERE GrainIdHash = @GrainIdHash::integer
  AND GrainTypeHash = @GrainTypeHash::integer
  AND GrainIdN0 = @GrainIdN0::bigint
  AND GrainIdN1 = @GrainIdN1::bigint
  AND ServiceId = @ServiceId::varchar
  AND GrainTypeString = @GrainTypeString::varchar
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString::varchar;
'),

-- With a version: update only if the stored version still matches (optimistic concurrency).
-- Without one: insert the first row. Either way return the new version; on a conflict return the
-- version the caller sent, which the provider reports as an InconsistentStateException.
('WriteToStorageKey', '
WITH updated AS (
    UPDATE OrleansStorage
    SET PayloadBinary = @PayloadBinary::bytea, ModifiedOn = (now() AT TIME ZONE ''utc''), Version = Version + 1
    WHERE @GrainStateVersion::integer IS NOT NULL
      AND GrainIdHash = @GrainIdHash::integer
      AND GrainTypeHash = @GrainTypeHash::integer
      AND GrainIdN0 = @GrainIdN0::bigint
      AND GrainIdN1 = @GrainIdN1::bigint
      AND ServiceId = @ServiceId::varchar
      AND GrainTypeString = @GrainTypeString::varchar
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString::varchar
      AND Version = @GrainStateVersion::integer
    RETURNING Version),
inserted AS (
    INSERT INTO OrleansStorage
        (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
    SELECT @GrainIdHash::integer, @GrainIdN0::bigint, @GrainIdN1::bigint, @GrainTypeHash::integer, @GrainTypeString::varchar,
           @GrainIdExtensionString::varchar, @ServiceId::varchar, @PayloadBinary::bytea, (now() AT TIME ZONE ''utc''), 1
    WHERE @GrainStateVersion::integer IS NULL
    ON CONFLICT DO NOTHING
    RETURNING Version)
SELECT COALESCE((SELECT Version FROM updated), (SELECT Version FROM inserted), @GrainStateVersion::integer) AS NewGrainStateVersion;
'),

-- Clear keeps the row (and bumps its version) so a later write continues the version sequence.
('ClearStorageKey', '
UPDATE OrleansStorage
SET PayloadBinary = NULL, Version = Version + 1
WHERE GrainIdHash = @GrainIdHash::integer
  AND GrainTypeHash = @GrainTypeHash::integer
  AND GrainIdN0 = @GrainIdN0::bigint
  AND GrainIdN1 = @GrainIdN1::bigint
  AND ServiceId = @ServiceId::varchar
  AND GrainTypeString = @GrainTypeString::varchar
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString::varchar
  AND Version = @GrainStateVersion::integer
RETURNING Version AS NewGrainStateVersion;
'),

-- Used when DeleteStateOnClear is set: the row goes away; the returned value only has to differ from the ETag.
('DeleteStorageKey', '
DELETE FROM OrleansStorage
WHERE GrainIdHash = @GrainIdHash::integer
  AND GrainTypeHash = @GrainTypeHash::integer
  AND GrainIdN0 = @GrainIdN0::bigint
  AND GrainIdN1 = @GrainIdN1::bigint
  AND ServiceId = @ServiceId::varchar
  AND GrainTypeString = @GrainTypeString::varchar
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString::varchar
  AND Version = @GrainStateVersion::integer
RETURNING Version + 1 AS NewGrainStateVersion;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
