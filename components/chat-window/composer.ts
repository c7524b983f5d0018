/**
 * The compose area of `<chat-window>`: multi-line input (Enter sends, Shift+Enter breaks the
 * line, or Ctrl/Cmd+Enter with `send-on="mod-enter"`), the P4 counter and refusal, the L4
 * draft (kept in the SDK per dialog), the M1 quote, and P1 attachments (picker, drop, paste)
 * checked against the channel before upload, with previews (P2) and progress.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { Channel } from '../../sdk/model.js';
import type { WriteCheck } from '../../sdk/rules/permissions.js';
import type { AttachRefusal, ComposerProblem, ComposerState } from '../../sdk/session/composer-state.js';
import type { DialogSession } from '../../sdk/session/dialog-session.js';
import { formatBytes } from '../i18n.js';
import { icons } from '../icons.js';
import { adoptChunkStyles } from '../internal/on-demand.js';
import { later } from './later.js';
import type { ChatView } from './view.js';

/** How the composer sends: Enter (Shift+Enter breaks the line) or Ctrl/Cmd+Enter (Enter breaks the line). */
export type SendKey = 'enter' | 'mod-enter';

/** What the composer needs from the window. */
export interface ComposerHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
  /** The composer handed a message to the SDK (it is queued). */
  composerSent(dialogId: string, messageId: string): void;
  /** A localized sentence for a refused command. */
  composerErrorText(error: unknown): string;
  /** Escape was pressed in the input with no quote to remove. */
  composerEscape(dialogId: string): void;
  /** The session of the dialog shown, if any. */
  composerSession(): DialogSession | null;
  /** The last view rendered, if any. */
  composerView(): ChatView | null;
}

/** Everything the composer renders from: the dialog's session and its `$composer` state. */
export interface ComposerProps {
  view: ChatView;
  session: DialogSession;
  state: ComposerState;
  write: WriteCheck;
  /** Whether the Unblock action is offered (shown beside the H4 warning). */
  canUnblock: boolean;
  sendOn: SendKey;
}

/** The share of the limit from which the counter shows (P4: "as the limit nears"). */
export const COUNTER_FROM = 0.9;

/** Human words for a channel's accepted MIME patterns. */
export function acceptedTypes(view: Pick<ChatView, 't' | 'locale'>, channel: Channel): string {
  const words = channel.capabilities.attachments.types.map((p) => {
    const t = p.trim().toLowerCase();
    if (t === '*' || t === '*/*') return view.t('types.any');
    if (t === 'image/*') return view.t('types.images');
    if (t === 'text/plain' || t === 'text/*') return view.t('types.text');
    const sub = t.split('/')[1] ?? t;
    return sub === '*' ? t : (sub.split(/[.+-]/u).pop() ?? sub).toUpperCase();
  });
  return new Intl.ListFormat(view.locale, { type: 'conjunction' }).format([...new Set(words)]);
}

/** The sentence saying what a channel accepts (P1). */
export function acceptsSentence(view: Pick<ChatView, 't' | 'locale'>, channel: Channel): string {
  const a = channel.capabilities.attachments;
  if (!a.allowed) return view.t('composer.noFiles', { channel: channel.name });
  return view.t('composer.accepts', { types: acceptedTypes(view, channel), size: formatBytes(view.locale, a.maxBytes), count: a.maxCount });
}

/** The session's verdict on the composer (P3, P4, P1), in words. */
export function problemText(view: Pick<ChatView, 't'>, problem: ComposerProblem, state: Pick<ComposerState, 'length'>): string {
  switch (problem) {
    case 'empty':
      return view.t('composer.empty');
    case 'too_long':
      return view.t('composer.tooLong', { count: state.length.count, limit: state.length.limit, over: -state.length.remaining });
    case 'unstorable':
      return view.t('composer.unstorable');
    case 'uploading':
      return view.t('composer.uploading');
    case 'upload_failed':
      return view.t('composer.uploadFailed');
    case 'client_blocked':
      return view.t('composer.blocked');
    case 'not_assigned':
      return view.t('composer.notAssigned');
  }
}

/** The composer's own state and behaviour; the window renders it with {@link Composer.render}. */
export class Composer implements ReactiveController {
  /** A refusal of the last send attempt (shown as an alert). */
  error = '';
  /** Files refused before upload, with their reasons (said by the part loaded on first use). */
  refusals: AttachRefusal[] = [];
  /** Whether files are being dragged over the window. */
  dragging = false;

  constructor(readonly host: ComposerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Clears transient messages (on dialog change). */
  reset(): void {
    this.error = '';
    this.refusals = [];
    this.dragging = false;
  }

  /** The textarea, once rendered. */
  get textarea(): HTMLTextAreaElement | null {
    return this.host.renderRoot.querySelector<HTMLTextAreaElement>('textarea.input');
  }

  /** Moves focus to the input. */
  focus(): void {
    this.textarea?.focus();
  }

  /** P1: the session checks files against the channel and uploads the accepted ones; refused ones say why. */
  addFiles(view: ChatView, session: DialogSession, files: ReadonlyArray<File>): void {
    if (files.length === 0) return;
    this.prefetch();
    this.refusals = session.attach(files);
    this.error = '';
    this.host.requestUpdate();
  }

  /** Sends through the session; its verdict, or a refusal, shows as an alert and keeps everything typed. */
  async send(props: ComposerProps): Promise<void> {
    const { view, session } = props;
    const attempt = session.send();
    if (!attempt.ok) {
      this.error = problemText(view, attempt.problem, session.$composer.get());
      this.host.requestUpdate();
      return;
    }
    this.error = '';
    this.refusals = [];
    this.host.composerSent(session.dialogId, attempt.messageId);
    this.host.requestUpdate();
    const outcome = await attempt.done;
    // Refused before it existed: the SDK put the text back in the draft; the files come back too.
    if (outcome.state === 'refused') this.error = this.host.composerErrorText(outcome.error);
    this.host.requestUpdate();
  }

  /** Whether files may be dropped: the operator may write in the dialog shown (P3). */
  private canAttach(): boolean {
    return !!this.host.composerSession()?.$offered.get().header.write.ok;
  }

  /** P1: files dragged over the window. */
  readonly onDragOver = (e: DragEvent): void => {
    if (!e.dataTransfer || !Array.from(e.dataTransfer.types).includes('Files')) return;
    e.preventDefault();
    const ok = this.canAttach();
    e.dataTransfer.dropEffect = ok ? 'copy' : 'none';
    if (ok && !this.dragging) {
      this.prefetch();
      this.dragging = true;
      this.host.requestUpdate();
    }
  };

  readonly onDragLeave = (e: DragEvent): void => {
    const to = e.relatedTarget as Node | null;
    const section = e.currentTarget as HTMLElement;
    if (to && section.contains(to)) return;
    if (this.dragging) {
      this.dragging = false;
      this.host.requestUpdate();
    }
  };

  /** P1: files dropped onto the window are attached. */
  readonly onDrop = (e: DragEvent): void => {
    if (!e.dataTransfer || !Array.from(e.dataTransfer.types).includes('Files')) return;
    e.preventDefault();
    this.dragging = false;
    const view = this.host.composerView();
    const session = this.host.composerSession();
    if (!view || !session || !this.canAttach()) {
      this.host.requestUpdate();
      return;
    }
    this.addFiles(view, session, [...e.dataTransfer.files]);
  };

  private onInput(session: DialogSession, e: Event): void {
    const ta = e.target as HTMLTextAreaElement;
    session.setText(ta.value);
    if (this.error) this.error = '';
    autosize(ta);
  }

  private onKeydown(props: ComposerProps, e: KeyboardEvent): void {
    if (e.key === 'Escape' && !e.isComposing) {
      if (props.state.quoteId) {
        // First Escape: the quote goes (handled: `defaultPrevented` for anything around).
        e.preventDefault();
        props.session.setQuote(null);
      } else {
        this.host.composerEscape(props.session.dialogId);
      }
      return;
    }
    if (e.key !== 'Enter' || e.isComposing || e.keyCode === 229) return;
    const mod = e.ctrlKey || e.metaKey;
    const sends = props.sendOn === 'enter' ? !e.shiftKey && !e.altKey : mod;
    if (!sends) return;
    e.preventDefault();
    void this.send(props);
  }

  private onPaste(props: ComposerProps, e: ClipboardEvent): void {
    const files = [...(e.clipboardData?.files ?? [])];
    if (files.length === 0) return;
    e.preventDefault();
    this.addFiles(props.view, props.session, files);
  }

  private openPicker(): void {
    this.prefetch();
    this.host.renderRoot.querySelector<HTMLInputElement>('input.file-input')?.click();
  }

  private onPicked(props: ComposerProps, e: Event): void {
    const input = e.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    this.addFiles(props.view, props.session, files);
  }

  /**
   * The attached files' chips (and why files were refused: in the alerts), from the on-demand
   * chunk: asked for when files are first picked, dropped or pasted (see {@link Composer.prefetch});
   * while it loads they are not shown (the files upload meanwhile and sending waits for them); a
   * failed load says why, with "Retry".
   */
  private renderUploads(view: ChatView, session: DialogSession, state: ComposerState): TemplateResult | typeof nothing {
    const part = later.value;
    if (part) {
      adoptChunkStyles(this.host, part.laterStyles);
      return part.renderUploads(this, view, session, state.uploads);
    }
    if (!later.failed(this.host)) {
      this.prefetch();
      return nothing;
    }
    return html`<p class="error" role="alert" part="on-demand">
      ${view.tc('error.unavailable')} <button type="button" class="button" @click=${() => void later.request(this.host)}>${view.tc('retry')}</button>
    </p>`;
  }

  /** Starts loading the chunk with the files' chips (an operator about to attach files). */
  private prefetch(): void {
    if (!later.value) void later.request(this.host);
  }

  /** P3, H4: the notice that replaces the composer when the operator may not write. */
  renderNotice(props: ComposerProps, onUnblock: () => void): TemplateResult {
    const { view, write } = props;
    let text: string;
    if (write.ok) text = '';
    else if (write.reason === 'client_blocked') text = view.t('composer.blocked');
    else {
      const a = view.dialog.assignee;
      text =
        a?.kind === 'operator'
          ? view.t('composer.notAssignedOperator', { name: view.assigneeName(a) })
          : a?.kind === 'bot'
            ? view.t('composer.notAssignedBot', { name: view.assigneeName(a) })
            : view.t('composer.notAssigned');
    }
    const blocked = !write.ok && write.reason === 'client_blocked';
    return html`<div class="composer-notice ${blocked ? 'blocked' : ''}" part="composer-notice" data-reason=${write.ok ? '' : write.reason}>
      ${icons.warning}
      <p>${text}</p>
      ${blocked && props.canUnblock ? html`<button type="button" class="button" @click=${onUnblock}>${view.t('action.unblock')}</button>` : nothing}
    </div>`;
  }

  /** Renders the compose area (or the notice that replaces it). */
  render(props: ComposerProps, onUnblock: () => void): TemplateResult {
    if (!props.write.ok) return this.renderNotice(props, onUnblock);
    const { view, session, state } = props;
    const channel = view.channel;
    const text = state.text;
    const len = state.length;
    const showCounter = len.count >= len.limit * COUNTER_FROM;
    const canAttach = state.attachmentsAllowed;
    const closed = view.dialog.status === 'closed';
    const quote = state.quoteId;
    // P4, the session's verdict: over the limit (or unsendable characters) is said while typing.
    const sayNow = state.problem === 'too_long' || state.problem === 'unstorable';
    const overText = sayNow && state.problem ? problemText(view, state.problem, state) : '';
    // P4: after a refused send the alert says it; the live line under the input would say it twice.
    const showOver = sayNow && this.error !== overText;
    const describedBy = ['composer-hint', showCounter ? 'composer-counter' : '', showOver ? 'composer-over' : '', this.error ? 'composer-error' : ''].filter(Boolean).join(' ');
    return html`<form class="composer" part="composer" novalidate @submit=${(e: Event) => {
      e.preventDefault();
      void this.send(props);
    }}>
      ${closed ? html`<p class="composer-note" part="composer-note">${view.t('composer.closedNote')}</p>` : nothing}
      ${
        quote
          ? html`<div class="composer-quote" part="composer-quote">
            ${icons.quote}
            <div class="composer-quote-body">
              <span class="quote-author">${view.t('composer.quoting', { name: state.quoted ? view.authorName(state.quoted.author) : '…' })}</span>
              <span class="quote-text" dir="auto">${state.quoted?.text ?? ''}</span>
            </div>
            <button type="button" class="icon-button" aria-label=${view.t('composer.removeQuote')} title=${view.t('composer.removeQuote')} @click=${() => {
              session.setQuote(null);
              this.focus();
            }}>
              ${icons.x}
            </button>
          </div>`
          : nothing
      }
      ${state.uploads.length || this.refusals.length ? this.renderUploads(view, session, state) : nothing}
      <div class="input-row">
        ${
          canAttach
            ? html`<button type="button" class="icon-button attach" part="attach-button" aria-label=${view.t('composer.attach')} title=${view.t('composer.attach')} @click=${() => this.openPicker()}>
                ${icons.paperclip}
              </button>
              <input
                class="file-input"
                type="file"
                multiple
                hidden
                tabindex="-1"
                accept=${channel?.capabilities.attachments.types.join(',') ?? ''}
                @change=${(e: Event) => this.onPicked(props, e)}
              />`
            : nothing
        }
        <textarea
          class="input"
          part="input"
          rows="1"
          dir="auto"
          aria-label=${view.t('composer.label')}
          aria-describedby=${describedBy}
          aria-invalid=${sayNow ? 'true' : 'false'}
          placeholder=${closed ? view.t('composer.placeholderClosed') : view.t('composer.placeholder')}
          .value=${live(text)}
          @input=${(e: Event) => this.onInput(session, e)}
          @keydown=${(e: KeyboardEvent) => this.onKeydown(props, e)}
          @paste=${(e: ClipboardEvent) => this.onPaste(props, e)}
        ></textarea>
        <button type="submit" class="icon-button send" part="send-button" aria-label=${view.t('composer.send')} title=${view.t('composer.send')}>${icons.send}</button>
      </div>
      <div class="composer-footer">
        <span class="hint" id="composer-hint">${props.sendOn === 'enter' ? view.t('composer.hintEnter') : view.t('composer.hintModEnter')}</span>
        ${canAttach || !channel ? nothing : html`<span class="hint">${acceptsSentence(view, channel)}</span>`}
        ${
          showCounter
            ? html`<span class="counter ${len.ok ? '' : 'over'}" part="counter" id="composer-counter" title=${view.t('composer.counterLabel', { count: len.count, limit: len.limit })}
              ><span aria-hidden="true">${view.t('composer.counter', { count: len.count, limit: len.limit })}</span
              ><span class="visually-hidden">${view.t('composer.counterLabel', { count: len.count, limit: len.limit })}</span></span
            >`
            : nothing
        }
      </div>
      ${showOver ? html`<p class="over-limit" id="composer-over">${overText}</p>` : nothing}
      <div class="alerts" role="alert">
        ${this.error ? html`<p class="error" id="composer-error">${this.error}</p>` : nothing}
        ${this.refusals.length ? later.value?.renderRefusals(view, this.refusals) : nothing}
      </div>
      ${
        this.refusals.length && later.value
          ? html`<button type="button" class="button dismiss" @click=${() => {
              this.refusals = [];
              this.host.requestUpdate();
            }}>${view.t('composer.dismiss')}</button>`
          : nothing
      }
    </form>`;
  }
}

/** Grows the input with its text where CSS `field-sizing` is not supported. */
function autosize(ta: HTMLTextAreaElement): void {
  if (typeof CSS !== 'undefined' && CSS.supports?.('field-sizing', 'content')) return;
  ta.style.blockSize = 'auto';
  ta.style.blockSize = `${Math.min(ta.scrollHeight, 200)}px`;
}
