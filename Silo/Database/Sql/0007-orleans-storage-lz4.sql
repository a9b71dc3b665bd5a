-- Grain state payloads over about 2 KB (seat rows, a buyer's hold index, a general-admission counter) are compressed
-- by PostgreSQL on every write. With pglz, the default, that compression was 8% of the whole machine's CPU in the
-- 50,000-seat PostgreSQL benchmark; lz4 does the same work several times faster (docs/performance.md). Only where the
-- server has lz4 (PostgreSQL 14 or later, built with it, as Debian's packages and the official images are); anywhere
-- else the payloads stay pglz-compressed, and the migration still succeeds. Payloads already stored keep their
-- compression until they are next written.
DO $$
BEGIN
    ALTER TABLE OrleansStorage ALTER COLUMN PayloadBinary SET COMPRESSION lz4;
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'grain state stays pglz-compressed: %', SQLERRM;
END
$$;
