-- When an event's sale window closes (its optional salesEndAt): the catalog lists on-sale events only while they
-- can still be bought, and an event stays OnSale after its sales end until the organizer closes it.
ALTER TABLE ticketing_event_catalog ADD COLUMN IF NOT EXISTS sales_end_at timestamptz NULL;
