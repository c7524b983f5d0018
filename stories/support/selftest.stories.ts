/**
 * Self-test of the stories test (scripts/test-stories.js): each story here breaks one rule the test
 * enforces, and the test passes only if it catches exactly that (the `expect:<what>` tag). So a
 * change that blinds the test (a lost event, a console hook that never fires, axe not running)
 * fails `npm test`. Hidden from the sidebar and docs (`!dev`, `!autodocs`); not an ordinary story
 * (`!test`).
 *
 * `DecoratedElement` is the positive case: a lit element with TypeScript's experimental
 * decorators (`@property`, `@state`) and `useDefineForClassFields: false`, built by Storybook's
 * Vite, must react to property changes and raise no Lit warning.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, LitElement } from 'lit';
import { property, state } from 'lit/decorators.js';
import { expect, waitFor } from 'storybook/test';

const meta = {
  title: 'Self-test',
  tags: ['!dev', '!autodocs', '!test', 'selftest'],
  parameters: { chatdesk: { backend: false } },
} satisfies Meta;

export default meta;
type Story = StoryObj;

/** Renders, then throws while rendering. */
export const RenderError: Story = {
  tags: ['expect:render-error'],
  render: () => {
    throw new Error('self-test: a story that throws while rendering');
  },
};

/** Logs a console error. */
export const ConsoleError: Story = {
  tags: ['expect:console-error'],
  render: () => {
    console.error('self-test: a console error');
    return html`<p>Logged a console error.</p>`;
  },
};

/** An element that schedules an update from `updated()`: Lit's development build warns (change-in-update). */
class SelftestUpdateLoop extends LitElement {
  static override properties = { count: { type: Number } };
  declare count: number;
  constructor() {
    super();
    this.count = 0;
  }
  protected override updated(): void {
    if (this.count < 1) this.count++;
  }
  protected override render() {
    return html`<p>Updated ${this.count} time(s) after the first render.</p>`;
  }
}
if (!customElements.get('chatdesk-selftest-update-loop')) customElements.define('chatdesk-selftest-update-loop', SelftestUpdateLoop);

/** Lit warns about an update scheduled after an update. */
export const LitWarning: Story = {
  tags: ['expect:lit-warning'],
  render: () => html`<chatdesk-selftest-update-loop></chatdesk-selftest-update-loop>`,
};

/** An icon button without an accessible name: axe's button-name rule. */
export const AxeViolation: Story = {
  tags: ['expect:axe'],
  render: () => html`<p>A button without a name:</p>
    <button type="button"><svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true"><circle cx="8" cy="8" r="6" fill="currentColor" /></svg></button>`,
};

/** Renders nothing. */
export const Empty: Story = {
  tags: ['expect:empty'],
  render: () => html``,
};

/** A play function whose assertion fails. */
export const PlayFails: Story = {
  tags: ['expect:play'],
  render: () => html`<p>The play function expects something else.</p>`,
  play: async ({ canvasElement }) => {
    await expect(canvasElement.textContent).toContain('a text that is not there');
  },
};

/** A custom element nobody registered. */
export const UndefinedElement: Story = {
  tags: ['expect:undefined'],
  render: () => html`<chatdesk-selftest-never-defined>Fallback text</chatdesk-selftest-never-defined>`,
};

class SelftestDecorated extends LitElement {
  /** A reactive property through the legacy decorator. */
  @property() name = 'first';
  /** Internal reactive state through the legacy decorator. */
  @state() private clicks = 0;
  protected override render() {
    return html`<button type="button" @click=${() => this.clicks++}>${this.name}: ${this.clicks}</button>`;
  }
}
if (!customElements.get('chatdesk-selftest-decorated')) customElements.define('chatdesk-selftest-decorated', SelftestDecorated);

/** Decorators work in the built Storybook: a property set from outside and a click both re-render. */
export const DecoratedElement: Story = {
  tags: ['expect:pass'],
  render: () => html`<chatdesk-selftest-decorated></chatdesk-selftest-decorated>`,
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('chatdesk-selftest-decorated') as SelftestDecorated;
    await el.updateComplete;
    el.name = 'second';
    await el.updateComplete;
    const button = el.shadowRoot!.querySelector('button')!;
    button.click();
    await el.updateComplete;
    await expect(button.textContent).toBe('second: 1');
  },
};

/**
 * `waitFor` waits longer than testing-library's 1 s default (.storybook/preview.ts configures 5 s),
 * so a play function holds on a loaded machine: the condition here turns true after 1.5 s.
 */
export const SlowCondition: Story = {
  tags: ['expect:pass'],
  render: () => html`<p>Waiting for a condition that takes 1.5 s.</p>`,
  play: async ({ canvasElement }) => {
    const started = performance.now();
    await waitFor(() => expect(performance.now() - started).toBeGreaterThan(1500));
    await expect(canvasElement.textContent).toContain('1.5 s');
  },
};
