#!/usr/bin/env node
// Locates a Chrome/Chromium binary for the browser test runner.
//
//   import { findChrome, requireChrome } from './scripts/find-chrome.js';
//   node scripts/find-chrome.js      -> prints the path, or the install hint and exits 1
//
// Order: $CHROME_PATH, then chromium / chromium-browser / google-chrome /
// google-chrome-stable on PATH, then well-known install locations.
// No dependencies on purpose: .ci/run calls this before `npm ci`.
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const PATH_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

const COMMON_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  ...(process.platform === 'win32'
    ? [
        process.env['PROGRAMFILES'] && path.join(process.env['PROGRAMFILES'], 'Google/Chrome/Application/chrome.exe'),
        process.env['PROGRAMFILES(X86)'] && path.join(process.env['PROGRAMFILES(X86)'], 'Google/Chrome/Application/chrome.exe'),
        process.env['LOCALAPPDATA'] && path.join(process.env['LOCALAPPDATA'], 'Google/Chrome/Application/chrome.exe'),
        'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
        'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
      ]
    : []),
].filter(Boolean);

/** Flags for headless Chromium on CI and this project's machines (no background network). */
export const CHROME_ARGS = [
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export const INSTALL_HINT = [
  'No Chrome/Chromium browser found (needed for the browser tests).',
  'Install one, or point CHROME_PATH at an existing binary:',
  '  Debian/Ubuntu:  sudo apt-get install chromium',
  '  macOS:          install Google Chrome from https://www.google.com/chrome/',
  '  Windows:        install Google Chrome (Program Files is searched automatically)',
  '  Anywhere:       export CHROME_PATH=/path/to/chrome',
].join('\n');

function isExecutableFile(file) {
  try {
    if (!statSync(file).isFile()) return false;
    if (process.platform !== 'win32') accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name) {
  const exts = process.platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return null;
}

/** @returns {string | null} absolute path to a Chrome/Chromium binary, or null */
export function findChrome() {
  const fromEnv = process.env['CHROME_PATH'];
  if (fromEnv) {
    if (isExecutableFile(fromEnv)) return fromEnv;
    // An explicit but wrong CHROME_PATH is almost certainly a mistake: say so.
    throw new Error(`CHROME_PATH is set to "${fromEnv}" but that is not an executable file.\n\n${INSTALL_HINT}`);
  }
  for (const name of PATH_NAMES) {
    const hit = onPath(name);
    if (hit) return hit;
  }
  for (const candidate of COMMON_PATHS) {
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}

/** @returns {string} path to a Chrome/Chromium binary; throws with install instructions if none */
export function requireChrome() {
  const found = findChrome();
  if (!found) throw new Error(INSTALL_HINT);
  return found;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    console.log(requireChrome());
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
