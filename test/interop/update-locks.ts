/**
 * Refreshes the interop apps' lockfiles (after chatdesk's own dependencies or an app's
 * package.json changed): packs the package, runs `npm install` in each app, and drops the
 * tarball's integrity from the lockfile so `npm ci` always takes the freshly packed one.
 *
 *   npm run build && node --import tsx test/interop/update-locks.ts [app...]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { APPS, INTEROP, packPackage } from './support.js';

const wanted = process.argv.slice(2);
packPackage();
for (const app of APPS.filter((a) => wanted.length === 0 || wanted.includes(a.name))) {
  const dir = path.join(INTEROP, 'apps', app.name);
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  const file = path.join(dir, 'package-lock.json');
  const lock = JSON.parse(readFileSync(file, 'utf8')) as { packages: Record<string, { integrity?: string }> };
  delete lock.packages['node_modules/chatdesk']?.integrity;
  writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
  console.log(`${app.name}: package-lock.json updated`);
}
