/**
 * Data for `<tag-filter>` at scale (bench and the 2,000-tag story): 2,000 distinct tags with
 * mixed-language names and user-chosen colours, and their counts over 10,000 dialogs computed by
 * the SDK's own rule (`tagCounts`). Deterministic: the same numbers every run.
 */
import type { Client, Dialog, Id, Tag } from '../sdk/model.js';
import { tagCounts } from '../sdk/rules/tags.js';
import { Rng } from '../server/demo-data/random.js';

/** Distinct tags in the large data set. */
export const TAG_FILTER_TAGS = 2000;
/** Dialogs counted in the large data set. */
export const TAG_FILTER_DIALOGS = 10_000;

const WORDS = [
  'Envío',
  'Cliente',
  'Mayorista',
  'Descuento',
  'Urgente',
  'Devolución',
  'Pedido',
  'Fiel',
  'Доставка',
  'Оптовик',
  'Перезвонить',
  'Возврат',
  'Скидка',
  'Новый',
  'Жалоба',
  'Постоянный',
  'VIP',
  'New',
  'Return',
  'Wholesale',
  'Complaint',
  'Callback',
  'Promo',
  'Partner',
  'Lead',
  'B2B',
];

/** 2,000 distinct tags with realistic, mixed-language names and colours. */
export function buildTags(count = TAG_FILTER_TAGS, seed = 7): Tag[] {
  const rand = new Rng(seed);
  const r = (): number => rand.next();
  const tags: Tag[] = [];
  for (let i = 0; i < count; i++) {
    const a = WORDS[Math.floor(r() * WORDS.length)]!;
    const b = WORDS[Math.floor(r() * WORDS.length)]!.toLowerCase();
    const color =
      '#' +
      Math.floor(r() * 0xffffff)
        .toString(16)
        .padStart(6, '0');
    tags.push({ id: `tag-${i}`, name: `${a} ${b} ${i}`, color });
  }
  return tags;
}

/** Counts over 10,000 dialogs: clients with 0-5 tags, popular tags far more frequent (T7). */
export function buildCounts(tags: readonly Tag[], dialogs = TAG_FILTER_DIALOGS, seed = 11): Map<Id, number> {
  const rand = new Rng(seed);
  const r = (): number => rand.next();
  const clients = new Map<Id, Pick<Client, 'tags'>>();
  const list: Array<Pick<Dialog, 'clientId'>> = [];
  for (let i = 0; i < dialogs; i++) {
    const id = `cl-${Math.floor(i * 0.7)}`;
    if (!clients.has(id)) {
      const n = Math.floor(r() * 6);
      const own = new Map<Id, boolean>();
      for (let k = 0; k < n; k++) own.set(tags[Math.floor(r() ** 2.5 * tags.length)]!.id, r() < 0.3);
      clients.set(id, { tags: [...own].map(([tagId, pinned]) => ({ tagId, pinned })) });
    }
    list.push({ clientId: id });
  }
  return tagCounts(list, clients);
}
