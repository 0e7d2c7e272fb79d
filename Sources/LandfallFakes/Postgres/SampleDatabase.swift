/// A schema with what real applications' databases hold, and deterministic rows for it: serial
/// and identity keys, foreign keys, plain, partial and GIN indexes, jsonb, bytea, a text value
/// over 1 MB, a table without a primary key (with duplicate rows), a view, two extensions
/// (citext, pgcrypto), a sequence two tables draw from, a generated column, a second schema,
/// NULLs and non-ASCII text.
public enum SampleDatabase {
  /// Creates the schema and fills it; `eventRows` sizes the table without a primary key.
  public static func script(eventRows: Int = 50_000) -> String {
    """
    CREATE EXTENSION citext;
    CREATE EXTENSION pgcrypto;
    CREATE SEQUENCE shared_ids START 1000;
    CREATE TABLE accounts (
      id serial PRIMARY KEY, email citext NOT NULL UNIQUE, name text, created_at timestamptz NOT NULL,
      settings jsonb);
    CREATE TABLE projects (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account_id int NOT NULL REFERENCES accounts(id),
      title text NOT NULL, token uuid NOT NULL);
    CREATE INDEX projects_by_account ON projects (account_id);
    CREATE TABLE documents (
      id bigint PRIMARY KEY DEFAULT nextval('shared_ids'), project_id bigint REFERENCES projects(id),
      body text, raw bytea, price numeric(12, 2), ratio double precision, tags text[]);
    CREATE INDEX documents_by_tags ON documents USING gin (tags);
    CREATE TABLE attachments (
      id bigint PRIMARY KEY DEFAULT nextval('shared_ids'), document_id bigint REFERENCES documents(id) ON DELETE CASCADE,
      data bytea, digest text GENERATED ALWAYS AS (md5(data)) STORED);
    CREATE TABLE events (at timestamptz, kind text, payload jsonb);
    CREATE INDEX events_by_kind ON events (kind) WHERE kind IS NOT NULL;
    CREATE VIEW project_counts AS
      SELECT a.email, count(p.id) AS projects FROM accounts a LEFT JOIN projects p ON p.account_id = a.id GROUP BY a.email;
    CREATE SCHEMA billing;
    CREATE TABLE billing.invoices (
      id serial PRIMARY KEY, account_id int NOT NULL REFERENCES accounts(id), amount numeric, note text);

    INSERT INTO accounts (email, name, created_at, settings)
      SELECT 'User' || i || '@Example.com',
        CASE i % 4 WHEN 0 THEN 'Zoë Ångström ' || i WHEN 1 THEN '東京 ' || i WHEN 2 THEN NULL ELSE 'Ольга 🐘 ' || i END,
        timestamptz '2024-01-01 00:00:00+00' + i * interval '37 minutes',
        CASE WHEN i % 3 = 0 THEN NULL ELSE jsonb_build_object('theme', 'dark', 'n', i, 'tags', jsonb_build_array('a', i)) END
      FROM generate_series(1, 200) AS i;
    INSERT INTO projects (account_id, title, token)
      SELECT 1 + i % 200, 'Project «' || i || '»', md5(i::text)::uuid FROM generate_series(1, 500) AS i;
    INSERT INTO documents (project_id, body, raw, price, ratio, tags)
      SELECT CASE WHEN i % 10 = 0 THEN NULL ELSE 1 + i % 500 END, 'Body ' || i || ' naïve café',
        decode(md5(i::text) || md5((i * 7)::text), 'hex'), (i * 3.17)::numeric(12, 2), i / 7.0,
        ARRAY['t' || i % 5, 'ü' || i % 3]
      FROM generate_series(1, 1000) AS i;
    INSERT INTO documents (project_id, body, raw) VALUES (1, repeat('Grüße aus Köln. ', 70000), '\\x00ff00ff');
    INSERT INTO attachments (document_id, data)
      SELECT 1000 + i, decode(repeat(md5(i::text), 1 + i % 40), 'hex') FROM generate_series(1, 300) AS i;
    INSERT INTO events (at, kind, payload)
      SELECT timestamptz '2025-06-01 12:00:00+02' + (i % 5000) * interval '1 second',
        CASE WHEN i % 7 = 0 THEN NULL ELSE 'kind-' || i % 13 END,
        jsonb_build_object('i', i % 5000, 'note', 'événement')
      FROM generate_series(1, \(eventRows)) AS i;
    INSERT INTO billing.invoices (account_id, amount, note)
      SELECT 1 + i % 200, i * 10.5, CASE WHEN i % 2 = 0 THEN NULL ELSE 'Rechnung №' || i END FROM generate_series(1, 100) AS i;
    SELECT nextval('shared_ids') FROM generate_series(1, 5);
    """
  }

  /// The tables the script creates, as `schema.name`.
  public static let tables = [
    "billing.invoices", "public.accounts", "public.attachments", "public.documents", "public.events", "public.projects",
  ]
}
