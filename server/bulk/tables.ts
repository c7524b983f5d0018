/**
 * The tables the bulk seed fills, with their columns in table order, and the writer of batches of
 * rows (COPY where the driver has it, one multi-row INSERT otherwise).
 */
import type { SqlExecutor } from '../db/sql-storage.js';

// ---------------------------------------------------------------------------------------------
// Rows

export type Value = string | number | boolean | null | object;

/** A table as the bulk writer fills it: column names with their SQL types (in table order). */
export interface TableSpec {
  name: string;
  columns: ReadonlyArray<readonly [string, string]>;
}

export const TABLES = {
  clients: {
    name: 'clients',
    columns: [
      ['id', 'text'],
      ['name', 'text'],
      ['avatar_url', 'text'],
      ['contacts', 'jsonb'],
      ['tags', 'jsonb'],
      ['source', 'jsonb'],
      ['analytics', 'jsonb'],
      ['blocked', 'boolean'],
      ['orders', 'jsonb'],
      ['search_name', 'text'],
    ],
  },
  dialogs: {
    name: 'dialogs',
    columns: [
      ['id', 'text'],
      ['channel_id', 'text'],
      ['client_id', 'text'],
      ['title', 'text'],
      ['status', 'text'],
      ['assignee', 'jsonb'],
      ['created_at', 'bigint'],
      ['opened_at', 'bigint'],
      ['last_activity_at', 'bigint'],
      ['waiting_since', 'bigint'],
      ['last_message', 'jsonb'],
      ['client_message_count', 'integer'],
      ['last_n', 'integer'],
      ['client_left', 'boolean'],
      ['search_title', 'text'],
    ],
  },
  messages: {
    name: 'messages',
    columns: [
      ['id', 'text'],
      ['dialog_id', 'text'],
      ['n', 'integer'],
      ['kind', 'text'],
      ['author_kind', 'text'],
      ['author_id', 'text'],
      ['text', 'text'],
      ['search_text', 'text'],
      ['quote', 'jsonb'],
      ['attachments', 'jsonb'],
      ['event', 'jsonb'],
      ['status', 'jsonb'],
      ['created_at', 'bigint'],
    ],
  },
  read_states: {
    name: 'read_states',
    columns: [
      ['operator_id', 'text'],
      ['dialog_id', 'text'],
      ['read_client_count', 'integer'],
      ['marked_unread', 'boolean'],
    ],
  },
} satisfies Record<string, TableSpec>;

export type TableName = keyof typeof TABLES;
/** Tables in the order their rows must be written (foreign keys). */
export const ORDER: TableName[] = ['clients', 'dialogs', 'messages', 'read_states'];
/** Tables whose triggers keep the list counts (migration 004_lists). */
export const COUNTED = ['clients', 'dialogs', 'read_states'];

/** COPY text format: `\N` for null, backslash escapes for the characters that would split a row. */
export function copyField(v: Value): string {
  if (v === null) return '\\N';
  switch (typeof v) {
    case 'string':
      return UNSAFE.test(v) ? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : v;
    case 'number':
      return String(v);
    case 'boolean':
      return v ? 't' : 'f';
    default: {
      // JSON text has no raw tab or line break (JSON.stringify escapes them): only its backslashes are doubled.
      const s = JSON.stringify(v);
      return s.includes('\\') ? s.replace(/\\/g, '\\\\') : s;
    }
  }
}
const UNSAFE = /[\\\t\n\r]/;

/** How a batch of rows travels to the database: COPY text (PGlite), or a JSON array of row objects (an INSERT of `jsonb_to_recordset`). */
export type RowFormat = 'copy' | 'json';

/** The rows of `table` in `format`, ready for {@link writeEncoded}. */
export function encodeRows(table: TableSpec, rows: Value[][], format: RowFormat): string {
  if (rows.length === 0) return '';
  if (format === 'copy') {
    // One concatenation per field (no per-row arrays): this runs for every value of the seed.
    let text = '';
    for (const row of rows) {
      text += copyField(row[0]!);
      for (let i = 1; i < row.length; i++) text += `\t${copyField(row[i]!)}`;
      text += '\n';
    }
    return text;
  }
  const names = table.columns.map(([c]) => c);
  return JSON.stringify(rows.map((row) => Object.fromEntries(row.map((v, i) => [names[i], v]))));
}

/** The format {@link writeEncoded} takes on `tx`: COPY where the driver has it. */
export const rowFormat = (tx: SqlExecutor): RowFormat => (tx.copyFrom ? 'copy' : 'json');

/**
 * Writes rows encoded by {@link encodeRows} in {@link rowFormat}; `freeze`: the table was emptied
 * in this transaction, COPY may write the rows frozen (no hint bits to set on the first reads).
 */
export async function writeEncoded(tx: SqlExecutor, table: TableSpec, payload: string, freeze = false): Promise<void> {
  const names = table.columns.map(([c]) => c);
  if (payload === '') return;
  if (tx.copyFrom) {
    await tx.copyFrom(table.name, names, payload, { freeze });
    return;
  }
  // One parameter per batch: the rows as a JSON array, spread into columns by the server.
  const types = table.columns.map(([c, t]) => `${c} ${t}`).join(', ');
  await tx.query(`INSERT INTO ${table.name} (${names.join(', ')}) SELECT ${names.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS x(${types})`, [payload]);
}

/** Writes batches of rows with the fastest means the driver has. */
export async function writeRows(tx: SqlExecutor, table: TableSpec, rows: Value[][]): Promise<void> {
  if (rows.length > 0) await writeEncoded(tx, table, encodeRows(table, rows, rowFormat(tx)));
}
