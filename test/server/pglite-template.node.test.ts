/**
 * The dump of an empty PGlite database with the schema (issue 14, start time): made once, a new
 * data folder is copied from its folder (an in-memory database loaded from the dump) and is a whole database (migrations, writes, reopen); a broken dump is never an
 * error: the folder is created by initdb as before.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { openPglite, PgliteStorage } from '../../server/db/pglite-storage.js';
import { ensurePgliteTemplate, pgliteTemplatePath } from '../../server/db/pglite-template.js';

/** initdb gives every cluster its own identifier; a folder loaded from the dump keeps the dump's. */
async function systemId(db: { query: <T>(sql: string) => Promise<{ rows: T[] }> }): Promise<string> {
  const r = await db.query<{ id: string }>('SELECT system_identifier::text AS id FROM pg_control_system()');
  return r.rows[0]!.id;
}

describe('PGlite template (issue 14: first start)', () => {
  let templateId = '';
  const dir = mkdtempSync(path.join(tmpdir(), 'chatdesk-pglite-template-'));
  const saved = process.env['CHATDESK_PGLITE_TEMPLATE'];
  afterEach(() => {
    if (saved === undefined) delete process.env['CHATDESK_PGLITE_TEMPLATE'];
    else process.env['CHATDESK_PGLITE_TEMPLATE'] = saved;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is made once; a new folder loaded from it takes migrations and writes, and reopens with them', async () => {
    const file = path.join(dir, 'empty.tar.gz');
    process.env['CHATDESK_PGLITE_TEMPLATE'] = file;
    assert.equal(pgliteTemplatePath(), file);
    assert.equal(await ensurePgliteTemplate(), file);
    const made = statSync(file);
    assert.ok(made.size > 100_000, `a dump of a whole database (${made.size} B)`);
    await ensurePgliteTemplate();
    assert.equal(statSync(file).mtimeMs, made.mtimeMs, 'kept, not made again');

    const data = path.join(dir, 'db');
    const storage = await PgliteStorage.open(data);
    assert.ok(existsSync(path.join(data, 'PG_VERSION')), 'the folder holds a database');
    const migrated = await storage.db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
    assert.ok((migrated.rows[0]?.n ?? 0) > 0, 'migrations applied');
    const memory = await openPglite();
    templateId = await systemId(memory);
    // The dump holds the schema: a database loaded from it has every migration before migrate runs.
    const applied = await memory.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
    assert.equal(applied.rows[0]?.n, migrated.rows[0]?.n, 'the dump has the migrations of this code');
    await memory.close();
    assert.equal(await systemId(storage.db), templateId, 'the folder and an in-memory database both come from the dump');
    await storage.db.exec("CREATE TABLE template_probe (x text); INSERT INTO template_probe VALUES ('kept')");
    await storage.close();

    const again = await openPglite(data);
    const rows = await again.query<{ x: string }>('SELECT x FROM template_probe');
    assert.deepEqual(rows.rows, [{ x: 'kept' }]);
    await again.close();
  });

  it('a broken dump falls back to initdb, and turned off none is read', async () => {
    const broken = path.join(dir, 'broken.tar.gz');
    writeFileSync(broken, 'not a tarball');
    process.env['CHATDESK_PGLITE_TEMPLATE'] = broken;
    const data = path.join(dir, 'db-fallback');
    const db = await openPglite(data);
    const one = await db.query<{ one: number }>('SELECT 1 AS one');
    assert.deepEqual(one.rows, [{ one: 1 }]);
    assert.ok(templateId !== '' && (await systemId(db)) !== templateId, 'made by initdb, not from a dump');
    await db.close();
    assert.ok(readdirSync(data).includes('PG_VERSION'));

    process.env['CHATDESK_PGLITE_TEMPLATE'] = 'off';
    assert.equal(pgliteTemplatePath(), null);
  });
});
