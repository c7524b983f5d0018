/** What every module of `ChatClient` shares: the options, the transport, ids, the clock, commands and error reports. */
import type { Id } from '../model.js';
import { ChatCommandError, type CommandInput, type CommandName, type CommandResult, type Transport } from '../protocol.js';
import { describeIssue, FAIL } from '../check.js';
import { InputSchemas, parse, ResultSchemas } from '../checks.js';
import type { ChatClientOptions } from './types.js';

/** The shared part of the client, given to each module. */
export interface ClientContext {
  readonly options: ChatClientOptions;
  readonly transport: Transport;
  /** Generates message ids (idempotency keys). */
  readonly newId: () => Id;
  readonly now: () => number;
  /** Sends a command and validates the answer; refusals throw {@link ChatCommandError}. */
  call<K extends CommandName>(name: K, input: CommandInput<K>): Promise<CommandResult<K>>;
  /** Reports an error (the `$errors` store and `onError`). */
  report(error: unknown, context: string): void;
}

/** A random id (a UUID where the platform has one). */
export function newUuid(): Id {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return `m-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/**
 * Checks a command's input with the schema the backend applies (`InputSchemas`): a refusal the
 * backend would answer `400 validation` is thrown here, naming the field, and nothing is sent.
 */
export function checkInput<K extends CommandName>(name: K, input: CommandInput<K>): void {
  if ((InputSchemas[name] as (x: unknown) => unknown)(input) !== FAIL) return;
  const { field, text } = describeIssue();
  throw new ChatCommandError('validation', text, field);
}

/** The context of a client: commands go through `transport`, checked before and validated after. */
export function createContext(options: ChatClientOptions, report: (error: unknown, context: string) => void): ClientContext {
  const transport = options.transport;
  return {
    options,
    transport,
    newId: options.newId ?? newUuid,
    now: options.now ?? (() => Date.now()),
    async call<K extends CommandName>(name: K, input: CommandInput<K>): Promise<CommandResult<K>> {
      checkInput(name, input);
      const raw = await transport.request(name, input);
      return parse(ResultSchemas[name], raw, name) as CommandResult<K>;
    },
    report,
  };
}
