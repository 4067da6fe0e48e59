-- The schema of ExaDesk's database at version 5 (core/storage/Database.cpp, migrations 1-5, as of
-- commit f9d010e): the last one whose keys and proxy passwords were keychain items of their own.
-- One statement per paragraph.

CREATE TABLE keys (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    tags TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    masked TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'active',
    requests INTEGER NOT NULL DEFAULT 0,
    successes INTEGER NOT NULL DEFAULT 0,
    rate_limited INTEGER NOT NULL DEFAULT 0,
    errors INTEGER NOT NULL DEFAULT 0,
    cost_dollars REAL NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    last_used_at INTEGER NOT NULL DEFAULT 0)

CREATE TABLE proxies (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    enabled INTEGER NOT NULL DEFAULT 1,
    has_password INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL)

CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)

CREATE TABLE searches (
    id INTEGER PRIMARY KEY,
    route TEXT NOT NULL,
    query TEXT NOT NULL,
    request TEXT NOT NULL,
    key_id TEXT,
    cost_dollars REAL NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL)

CREATE TABLE search_results (
    id INTEGER PRIMARY KEY,
    search_id INTEGER NOT NULL REFERENCES searches(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    url TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    raw TEXT NOT NULL)

CREATE INDEX search_results_by_search ON search_results(search_id, position)

CREATE TABLE request_log (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    route TEXT NOT NULL,
    query TEXT NOT NULL DEFAULT '',
    key_id TEXT NOT NULL DEFAULT '',
    proxy_id TEXT NOT NULL DEFAULT '',
    status INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    latency_ms INTEGER NOT NULL,
    cost_dollars REAL NOT NULL DEFAULT 0,
    error TEXT NOT NULL DEFAULT '')

CREATE VIRTUAL TABLE searches_fts USING fts5(query, content='searches', content_rowid='id')

CREATE VIRTUAL TABLE search_results_fts USING fts5(title, url, text,
    content='search_results', content_rowid='id')

INSERT INTO searches_fts(rowid, query) SELECT id, query FROM searches

INSERT INTO search_results_fts(rowid, title, url, text)
    SELECT id, title, url, text FROM search_results

CREATE TRIGGER searches_ai AFTER INSERT ON searches BEGIN
    INSERT INTO searches_fts(rowid, query) VALUES (new.id, new.query); END

CREATE TRIGGER searches_ad AFTER DELETE ON searches BEGIN
    INSERT INTO searches_fts(searches_fts, rowid, query) VALUES ('delete', old.id, old.query); END

CREATE TRIGGER search_results_ai AFTER INSERT ON search_results BEGIN
    INSERT INTO search_results_fts(rowid, title, url, text)
    VALUES (new.id, new.title, new.url, new.text); END

CREATE TRIGGER search_results_ad AFTER DELETE ON search_results BEGIN
    INSERT INTO search_results_fts(search_results_fts, rowid, title, url, text)
    VALUES ('delete', old.id, old.title, old.url, old.text); END

ALTER TABLE keys ADD COLUMN daily_request_cap INTEGER NOT NULL DEFAULT 0

ALTER TABLE keys ADD COLUMN daily_dollar_cap REAL NOT NULL DEFAULT 0

ALTER TABLE keys ADD COLUMN secret_missing INTEGER NOT NULL DEFAULT 0

CREATE TABLE pending_secrets (name TEXT PRIMARY KEY, created_at INTEGER NOT NULL)

CREATE INDEX request_log_by_time ON request_log(at)

ALTER TABLE request_log ADD COLUMN source TEXT NOT NULL DEFAULT ''

CREATE TABLE request_attempts (
    request_id INTEGER NOT NULL REFERENCES request_log(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    at INTEGER NOT NULL,
    key_id TEXT NOT NULL DEFAULT '',
    proxy_id TEXT NOT NULL DEFAULT '',
    status INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    latency_ms INTEGER NOT NULL,
    error TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (request_id, number)) WITHOUT ROWID

CREATE INDEX request_attempts_by_time ON request_attempts(at)

CREATE TABLE key_health (
    key_id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    recheck_at INTEGER NOT NULL,
    recheck_interval_ms INTEGER NOT NULL,
    updated_at INTEGER NOT NULL)

CREATE TABLE research_jobs (
    research_id TEXT PRIMARY KEY,
    key_id TEXT NOT NULL,
    billed INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL)

CREATE INDEX research_jobs_by_time ON research_jobs(created_at)

CREATE TABLE engine_notes (name TEXT PRIMARY KEY, value TEXT NOT NULL)

PRAGMA user_version = 5
