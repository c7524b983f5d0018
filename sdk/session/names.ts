/**
 * Display names of message authors and dialog assignees, with one fallback rule for every
 * element: the name when it is known, otherwise a code the element puts into words.
 */
import { computed, type ReadableAtom } from 'nanostores';
import type { Assignee, Author, Bot, ClientRecord, Dialog, Id, Operator } from '../model.js';

/**
 * Why a name is missing, for the element to localize: an operator no longer in the directory
 * (`former_operator`), a bot not in it (`bot`), a dialog with no client name or title (`client`),
 * a system event (`system`), or nobody assigned (`nobody`).
 */
export type NameFallback = 'former_operator' | 'bot' | 'client' | 'system' | 'nobody';

/** A display name: the known `name`, or the `fallback` to show in its place. */
export type DisplayName = { name: string; fallback?: undefined } | { name?: undefined; fallback: NameFallback };

/** What names are looked up in. */
export interface NameDirectory {
  operators: ReadonlyMap<Id, Pick<Operator, 'name'>>;
  bots: ReadonlyMap<Id, Pick<Bot, 'name'>>;
}

/** The dialog whose client an author of kind `client` is. */
export type NameContext = { dialog?: Pick<Dialog, 'title'> | null | undefined; client?: Pick<ClientRecord, 'name'> | null | undefined };

const known = (name: string | undefined | null, fallback: NameFallback): DisplayName => (name ? { name } : { fallback });

/**
 * THE fallback rule: an operator or bot by their directory name; a client by their name, else the
 * dialog's title; a system author and nobody by their codes. `null` / `undefined` is nobody.
 */
export function displayName(who: Author | Assignee | null | undefined, directory: NameDirectory, context: NameContext = {}): DisplayName {
  if (!who) return { fallback: 'nobody' };
  switch (who.kind) {
    case 'operator':
      return known(directory.operators.get(who.id)?.name, 'former_operator');
    case 'bot':
      return known(directory.bots.get(who.id)?.name, 'bot');
    case 'client':
      return clientDisplayName(context);
    case 'system':
      return { fallback: 'system' };
  }
}

/**
 * The rule's client part, for a dialog's client without an author at hand (a list row, an alert):
 * the client's name, else the dialog's title, else the `client` fallback.
 */
export function clientDisplayName(context: NameContext): DisplayName {
  return known(context.client?.name || context.dialog?.title, 'client');
}

/**
 * A display name as text: the name, or the element's (localized) word for the fallback. Elements
 * call this with their own words so every one of them falls back the same way.
 */
export function displayNameText(n: DisplayName, words: (fallback: NameFallback) => string): string {
  return n.name !== undefined ? n.name : words(n.fallback);
}

/** A list of people by id. */
export function byId<T extends { id: Id }>(list: readonly T[]): ReadonlyMap<Id, T> {
  return new Map(list.map((x) => [x.id, x]));
}

/** The stores a directory is computed from (a `ChatClient`). */
export interface DirectorySource {
  readonly $operators: ReadableAtom<Operator[]>;
  readonly $bots: ReadableAtom<Bot[]>;
}

/** A client's operators and bots by id, computed once per client. */
export interface Directory {
  /** Operators by id (beside the client's `$tagsById`). */
  $operatorsById: ReadableAtom<ReadonlyMap<Id, Operator>>;
  /** Bots by id. */
  $botsById: ReadableAtom<ReadonlyMap<Id, Bot>>;
  /** Both maps, for {@link displayName}. */
  $names: ReadableAtom<NameDirectory>;
}

const directories = new WeakMap<DirectorySource, Directory>();

/** The {@link Directory} of a client (one per client, shared by its sessions). */
export function directoryOf(source: DirectorySource): Directory {
  let d = directories.get(source);
  if (!d) {
    const $operatorsById = computed(source.$operators, byId);
    const $botsById = computed(source.$bots, byId);
    const $names = computed([$operatorsById, $botsById], (operators, bots): NameDirectory => ({ operators, bots }));
    d = { $operatorsById, $botsById, $names };
    directories.set(source, d);
  }
  return d;
}
