-- The Orleans ADO.NET providers read their SQL from this table: query key -> statement text.
-- Written for this product from the providers' documented contract (keys, parameter and column names).
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64)   NOT NULL,
    QueryText varchar(8000) NOT NULL,
    CONSTRAINT OrleansQuery_Key PRIMARY KEY (QueryKey)
);
