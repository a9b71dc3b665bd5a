-- Cluster membership (Microsoft.Orleans.Clustering.AdoNet). One version row per deployment (cluster id);
-- every membership change bumps it, and a change made against a stale version changes nothing.
CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150)   NOT NULL,
    Timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    Version      integer        NOT NULL DEFAULT 0,
    CONSTRAINT PK_OrleansMembershipVersionTable_DeploymentId PRIMARY KEY (DeploymentId)
);

CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150)   NOT NULL,
    Address      varchar(45)    NOT NULL,
    Port         integer        NOT NULL,
    Generation   integer        NOT NULL,
    SiloName     varchar(150)   NOT NULL,
    HostName     varchar(150)   NOT NULL,
    Status       integer        NOT NULL,
    ProxyPort    integer        NULL,
    SuspectTimes varchar(8000)  NULL,
    StartTime    timestamptz(3) NOT NULL,
    IAmAliveTime timestamptz(3) NOT NULL,
    CONSTRAINT PK_MembershipTable_DeploymentId PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_MembershipTable_MembershipVersionTable_DeploymentId
        FOREIGN KEY (DeploymentId) REFERENCES OrleansMembershipVersionTable (DeploymentId)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- Heartbeat: only this silo's own row changes; no version bump.
('UpdateIAmAlivetimeKey', '
UPDATE OrleansMembershipTable
SET IAmAliveTime = @IAmAliveTime::timestamptz
WHERE DeploymentId = @DeploymentId::varchar
  AND Address = @Address::varchar
  AND Port = @Port::integer
  AND Generation = @Generation::integer;
'),

-- 1 when this call created the deployment''s version row, else 0.
('InsertMembershipVersionKey', '
WITH created AS (
    INSERT INTO OrleansMembershipVersionTable (DeploymentId)
    VALUES (@DeploymentId::varchar)
    ON CONFLICT (DeploymentId) DO NOTHING
    RETURNING 1)
SELECT count(*)::integer AS row_count FROM created;
'),

-- The version is bumped first (only if it is still the one the silo read); the row is inserted only then.
('InsertMembershipKey', '
WITH bumped AS (
    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, Timestamp = now()
    WHERE DeploymentId = @DeploymentId::varchar
      AND Version = @Version::integer
      AND NOT EXISTS (
          SELECT 1 FROM OrleansMembershipTable m
          WHERE m.DeploymentId = @DeploymentId::varchar AND m.Address = @Address::varchar
            AND m.Port = @Port::integer AND m.Generation = @Generation::integer)
    RETURNING DeploymentId),
inserted AS (
    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
    SELECT b.DeploymentId, @Address::varchar, @Port::integer, @Generation::integer, @SiloName::varchar, @HostName::varchar,
           @Status::integer, @ProxyPort::integer, @StartTime::timestamptz, @IAmAliveTime::timestamptz
    FROM bumped b
    ON CONFLICT DO NOTHING
    RETURNING 1)
SELECT count(*)::integer AS row_count FROM inserted;
'),

('UpdateMembershipKey', '
WITH bumped AS (
    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, Timestamp = now()
    WHERE DeploymentId = @DeploymentId::varchar
      AND Version = @Version::integer
      AND EXISTS (
          SELECT 1 FROM OrleansMembershipTable m
          WHERE m.DeploymentId = @DeploymentId::varchar AND m.Address = @Address::varchar
            AND m.Port = @Port::integer AND m.Generation = @Generation::integer)
    RETURNING DeploymentId),
updated AS (
    UPDATE OrleansMembershipTable m
    SET Status = @Status::integer, SuspectTimes = @SuspectTimes::varchar, IAmAliveTime = @IAmAliveTime::timestamptz
    FROM bumped b
    WHERE m.DeploymentId = b.DeploymentId AND m.Address = @Address::varchar
      AND m.Port = @Port::integer AND m.Generation = @Generation::integer
    RETURNING 1)
SELECT count(*)::integer AS row_count FROM updated;
'),

-- The version row always comes back (with null member columns when the silo has no row yet).
('MembershipReadRowKey', '
SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
       m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
FROM OrleansMembershipVersionTable v
LEFT JOIN OrleansMembershipTable m
       ON m.DeploymentId = v.DeploymentId
      AND m.Address = @Address::varchar AND m.Port = @Port::integer AND m.Generation = @Generation::integer
WHERE v.DeploymentId = @DeploymentId::varchar;
'),

('MembershipReadAllKey', '
SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
       m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
FROM OrleansMembershipVersionTable v
LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
WHERE v.DeploymentId = @DeploymentId::varchar;
'),

('DeleteMembershipTableEntriesKey', '
DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId::varchar;
DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId::varchar;
'),

-- Gateways clients may use: silos in the requested status (Active) that expose a gateway port.
('GatewaysQueryKey', '
SELECT Address, ProxyPort, Generation
FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId::varchar
  AND Status = @Status::integer
  AND ProxyPort > 0;
'),

-- Periodic clean-up of silos that stopped heart-beating long ago; rows of live (Active = 3) silos stay.
('CleanupDefunctSiloEntriesKey', '
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId::varchar
  AND IAmAliveTime < @IAmAliveTime::timestamptz
  AND Status <> 3;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
