// The tables behind postgresStore, created on first use inside one advisory-locked transaction so that several
// processes starting at once do not race on CREATE.

/** Quote an identifier for SQL. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** DDL of the store's tables in `schema`. A counter's `reserved` is derived from its live holds, never stored. */
export function storeSchemaSql(schema: string): string {
  const s = quoteIdent(schema);
  return `
CREATE SCHEMA IF NOT EXISTS ${s};
CREATE TABLE IF NOT EXISTS ${s}.rw_counters (
  key text PRIMARY KEY,
  spent numeric NOT NULL DEFAULT 0,
  expires_at timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS ${s}.rw_holds (
  key text NOT NULL,
  id text NOT NULL,
  amount numeric NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (key, id)
);
CREATE INDEX IF NOT EXISTS rw_holds_id ON ${s}.rw_holds (id);
CREATE INDEX IF NOT EXISTS rw_holds_expiry ON ${s}.rw_holds (expires_at);
CREATE INDEX IF NOT EXISTS rw_counters_expiry ON ${s}.rw_counters (expires_at);
CREATE TABLE IF NOT EXISTS ${s}.rw_settled (
  id text PRIMARY KEY,
  expires_at timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS ${s}.rw_values (
  key text PRIMARY KEY,
  value text,
  num numeric,
  expires_at timestamptz
);`;
}
