/**
 * C2: the orders of `<client-widget>`: the host's `orderProvider` run
 * when the client (or the provider) changes, the newest call winning; the loading state, the
 * error with Retry, and the one order of an order card.
 */
import { html, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { Client, Order } from '../../sdk/model.js';
import { LatestCall } from '../internal/latest-call.js';
import type { OrderProvider } from './client-widget.js';
import type { ClientWidgetKey } from './client-widget.messages.js';
import { renderOrders, type SectionContext } from './sections.js';

/** What the orders need from the widget besides its host API. */
export interface ClientOrdersDeps {
  t(key: ClientWidgetKey, params?: Record<string, string | number>): string;
  /** A common string (Retry). */
  retry(): string;
  errorText(error: unknown): string;
}

type OrdersState = { key: string; status: 'loading' } | { key: string; status: 'ok'; orders: Order[] } | { key: string; status: 'error'; error: unknown };

/** State and template of the orders section; it asks its host to render when the state changes. */
export class ClientOrders {
  private state: OrdersState | null = null;
  private loadedFor: { key: string; provider: OrderProvider } | null = null;
  private readonly call = new LatestCall();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: ClientOrdersDeps,
  ) {}

  /** Runs `provider` again on the next update. */
  reload(): void {
    this.loadedFor = null;
    this.host.requestUpdate();
  }

  /** Runs the provider when the client (or the provider) changes (call from `willUpdate`). */
  sync(provider: OrderProvider | undefined, customer: Client | null): void {
    if (!provider || !customer) {
      this.loadedFor = null;
      if (this.state) {
        this.state = null;
        this.host.requestUpdate();
      }
      return;
    }
    const key = customer.id;
    if (this.loadedFor?.key === key && this.loadedFor.provider === provider) return;
    this.loadedFor = { key, provider };
    this.set({ key, status: 'loading' });
    this.call.run(
      () => provider(customer),
      (orders) => this.set({ key, status: 'ok', orders: Array.isArray(orders) ? orders : [] }),
      (error) => this.set({ key, status: 'error', error }),
    );
  }

  private set(state: OrdersState): void {
    this.state = state;
    this.host.requestUpdate();
  }

  /** The orders section's body: from the provider when there is one, else the client record's; `orderId` narrows to one. */
  render(ctx: SectionContext, customer: Client, provider: OrderProvider | undefined, orderId: string | undefined): TemplateResult {
    const st = this.state;
    const t = this.deps.t;
    let orders: Order[];
    if (provider) {
      if (!st || st.key !== customer.id || st.status === 'loading')
        return html`<p class="muted loading-line" data-state="loading"><span class="spinner" aria-hidden="true"></span>${t('orders.loading')}</p>`;
      if (st.status === 'error')
        return html`<div class="error-box" role="alert" data-state="error">
          <p>${t('orders.error', { reason: this.deps.errorText(st.error) })}</p>
          <button type="button" class="button retry" @click=${() => this.reload()}>${this.deps.retry()}</button>
        </div>`;
      orders = st.orders;
    } else {
      orders = customer.orders;
    }
    if (orderId) {
      const one = orders.filter((o) => o.id === orderId || o.number === orderId);
      if (one.length === 0) return html`<p class="muted empty-line">${t('orders.notFound', { id: orderId })}</p>`;
      orders = one;
    }
    return renderOrders(ctx, orders);
  }
}
