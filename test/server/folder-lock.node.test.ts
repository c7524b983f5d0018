/**
 * One server at a time in a PGlite data folder (issue 14, S1): a second one, in this process or
 * another, is refused with a clear error before PGlite touches a file; a lock left by a process
 * that is gone (kill -9, a crash, a restarted container that gave out the same pid) is taken over.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FolderInUseError, processStartTime } from '../../server/db/folder-lock.js';
import { PgliteStorage } from '../../server/db/pglite-storage.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('one server at a time in a PGlite data folder (issue 14, S1)', () => {
  const dirs: string[] = [];
  const folder = () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'chatdesk-lock-'));
    dirs.push(d);
    return path.join(d, 'db');
  };
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('a second open in this process is refused; after close the folder opens again', async () => {
    const dir = folder();
    const first = await PgliteStorage.open(dir);
    await assert.rejects(PgliteStorage.open(dir), (e: unknown) => e instanceof FolderInUseError && e.pid === process.pid);
    assert.ok(readFileSync(`${dir}.lock`, 'utf8').startsWith(`${process.pid}\n`));
    await first.close();
    assert.throws(() => readFileSync(`${dir}.lock`), 'the lock is gone with the close');
    const again = await PgliteStorage.open(dir);
    await again.close();
  });

  it('a server started on a folder another holds stops at once with the reason, and the holder goes on', async () => {
    const data = path.dirname(folder());
    const holder = await PgliteStorage.open(path.join(data, 'db'));
    try {
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts', '--api-only', '--port', '0', '--data-dir', data], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`could not start: the data folder .* is in use by another chatdesk server \\(pid ${process.pid}\\)`));
      assert.match(r.stderr, /Stop it, or give this one another folder \(CHATDESK_DATA_DIR\)/);
      // The holder's database is untouched and still answers.
      assert.deepEqual((await holder.db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations')).rows.length, 1);
    } finally {
      await holder.close();
    }
  });

  it('a lock left by a process that is gone is taken over: a dead pid, this pid from before (a restarted container), a pid given to another process since', async () => {
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.once('exit', r));
    const ppid = process.ppid;
    for (const [what, content] of [
      ['a dead pid', `${dead.pid}\n${os.hostname()}\n\n`],
      ['this pid, from before', `${process.pid}\n${os.hostname()}\n1\n`],
      ['a live pid started at another time', `${ppid}\n${os.hostname()}\n${processStartTime(ppid) === '' ? '' : '1'}\n`],
    ] as const) {
      if (what.startsWith('a live') && processStartTime(ppid) === '') continue; // no /proc here: start times cannot tell
      const dir = folder();
      writeFileSync(`${dir}.lock`, content);
      const s = await PgliteStorage.open(dir);
      assert.ok(readFileSync(`${dir}.lock`, 'utf8').startsWith(`${process.pid}\n`), what);
      await s.close();
    }
  });

  it('a lock of a live process (its pid and start time) is respected', async () => {
    const ppid = process.ppid;
    const dir = folder();
    writeFileSync(`${dir}.lock`, `${ppid}\n${os.hostname()}\n${processStartTime(ppid)}\n`);
    await assert.rejects(PgliteStorage.open(dir), (e: unknown) => e instanceof FolderInUseError && e.pid === ppid);
    assert.equal(readFileSync(`${dir}.lock`, 'utf8').split('\n')[0], String(ppid), 'left as it was');
  });
});
