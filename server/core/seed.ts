/**
 * Deterministic demo data: operators, a bot, channels with different capabilities, tags,
 * clients and (by default) 300 dialogs with their whole message history, read positions,
 * quick replies and settings. The memory storage, Storybook stories and tests start from it.
 *
 * Browser-safe (no Node imports). Randomness comes from a seeded PRNG (mulberry32), so the
 * same options always give the same data; the only clock read is `Date.now()` when `now` is
 * omitted. Requirement IDs (H1, S5, T6...) refer to REQUIREMENTS.md.
 */
import type {
  Assignee,
  Attachment,
  Author,
  Bot,
  Channel,
  ChannelCapabilities,
  Client,
  ClientAnalytics,
  ClientContact,
  ClientSource,
  ClientTag,
  Dialog,
  DialogStatus,
  FailureReason,
  Id,
  Message,
  MessageKind,
  MessagePreview,
  MessageStatus,
  Operator,
  Order,
  QuickReply,
  ReadState,
  SystemEvent,
  Tag,
  Timestamp,
} from '../../sdk/model.js';
import { mimeMatches } from '../../sdk/rules/attachments.js';
import { canSeeDialog, sameAssignee } from '../../sdk/rules/permissions.js';
import { failed } from '../../sdk/rules/status.js';
import { cutText } from '../../sdk/rules/text.js';
import type { ChannelSimulation, SeedData } from './storage.js';

// ---------------------------------------------------------------------------------------------
// Options and well-known ids
// ---------------------------------------------------------------------------------------------

/** Options of {@link createSeed}. */
export interface SeedOptions {
  /** The current time; every timestamp is at most this. Default: `Date.now()` (read once). */
  now?: number;
  /** Number of dialogs (default 300). The well-known dialogs come first. */
  dialogs?: number;
  /** PRNG seed (default 1). */
  seed?: number;
  /** Message count range of ordinary dialogs, inclusive (default [3, 40]). */
  messagesPerDialog?: [min: number, max: number];
}

/** The default number of dialogs. */
export const SEED_DEFAULT_DIALOGS = 300;

/**
 * Ids the stories and tests can rely on. The dialogs exist when `dialogs` is at least
 * {@link SEED_SPECIAL_DIALOGS} (they are the first ones, in this order).
 */
export const SEED_IDS = {
  admin: 'op-admin',
  maria: 'op-maria',
  ivan: 'op-ivan',
  john: 'op-john',
  bot: 'bot-sales',
  channels: {
    site: 'ch-site',
    landing: 'ch-landing',
    telegram: 'ch-telegram',
    whatsapp: 'ch-whatsapp',
    vk: 'ch-vk',
    broken: 'ch-broken',
  },
  /** Open, maria, the client waits ~47 minutes: overdue against the 15-minute limit (F2). */
  waitingDialog: 'dlg-0001',
  /** Open, admin, the client waits ~4 minutes: waiting but not overdue. */
  freshWaitingDialog: 'dlg-0002',
  /** Closed by maria after the client thanked her; holds a ~1,450-character message (~1,180 without spaces, P4). */
  closedDialog: 'dlg-0003',
  /** Open, ivan, answered. The administrator marked it unread for herself only (H3). */
  ivanDialog: 'dlg-0004',
  /** Open, reassigned from ivan to maria by the administrator (H1, L3). */
  reassignedDialog: 'dlg-0005',
  /** Closed by john, then reassigned to ivan while closed: it stays closed (H1). */
  closedReassignedDialog: 'dlg-0006',
  /** The client is blocked (H4). */
  blockedDialog: 'dlg-0007',
  blockedClient: 'cl-0007',
  /** The client was detached (H5): `clientId` is null; the client still exists. */
  detachedDialog: 'dlg-0008',
  detachedClient: 'cl-0008',
  /** Site web chat whose client left: the last replies failed with `client_left` (S5). */
  leftDialog: 'dlg-0009',
  /** On the failing integration: the recent replies failed with `integration_error` (S5). */
  brokenDialog: 'dlg-0010',
  /** Held by the sales bot (F6). */
  botDialog: 'dlg-0011',
  /** Nobody assigned; the client waits ~9 minutes. */
  unassignedDialog: 'dlg-0012',
  /** Assigned to john (offline); the client waits ~5 hours. */
  johnDialog: 'dlg-0013',
  /** ~3,000 messages (history paging, virtualization). */
  longDialog: 'dlg-0014',
  /** ~150 attachments, images and files (H6). */
  attachmentsDialog: 'dlg-0015',
  /** H3: marked unread by the administrator (see `ivanDialog`). */
  markedUnreadDialog: 'dlg-0004',
  /** A client with two dialogs in two channels. */
  multiDialogClient: 'cl-0016',
  multiDialogs: ['dlg-0016', 'dlg-0017'],
} as const;

// ---------------------------------------------------------------------------------------------
// PRNG
// ---------------------------------------------------------------------------------------------

/** mulberry32: small, fast, good enough for demo data. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  /** [0, 1). */
  float(): number {
    return this.next();
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, w] of entries) total += w;
    let r = this.next() * total;
    for (const [value, w] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    return entries[entries.length - 1]![0];
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }
}

// ---------------------------------------------------------------------------------------------
// Tiny real PNGs (P2: images must load; SVG is never used)
// ---------------------------------------------------------------------------------------------

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const x of bytes) {
    a = (a + x) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

function u32(n: number): number[] {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
}

function pngChunk(type: string, data: readonly number[]): number[] {
  const body = new Uint8Array(4 + data.length);
  for (let i = 0; i < 4; i++) body[i] = type.charCodeAt(i);
  body.set(data, 4);
  return [...u32(data.length), ...body, ...u32(crc32(body))];
}

function base64(bytes: Uint8Array | readonly number[]): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

const pngCache = new Map<string, string>();

/** A valid 1×1 PNG of `color` (`#rrggbb`) as a `data:image/png;base64,` URL. */
export function pngDataUrl(color: string): string {
  const cached = pngCache.get(color);
  if (cached) return cached;
  const n = Number.parseInt(color.replace(/^#/, '').slice(0, 6), 16) || 0;
  const raw = new Uint8Array([0, (n >> 16) & 255, (n >> 8) & 255, n & 255]); // filter byte + RGB
  // zlib stream with one stored (uncompressed) deflate block.
  const zlib = [0x78, 0x01, 0x01, raw.length, 0, ~raw.length & 255, 0xff, ...raw, ...u32(adler32(raw))];
  const ihdr = [...u32(1), ...u32(1), 8, 2, 0, 0, 0]; // 1×1, 8-bit RGB
  const png = [
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a,
    ...pngChunk('IHDR', ihdr),
    ...pngChunk('IDAT', zlib),
    ...pngChunk('IEND', []),
  ];
  const url = `data:image/png;base64,${base64(png)}`;
  pngCache.set(color, url);
  return url;
}

function textDataUrl(text: string): string {
  return `data:application/octet-stream;base64,${base64(new TextEncoder().encode(text))}`;
}

// ---------------------------------------------------------------------------------------------
// Static dictionaries
// ---------------------------------------------------------------------------------------------

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const MB = 1024 * 1024;

/** The failing integration broke this long ago: its outgoing messages since then failed (S5). */
const BROKEN_SINCE_MS = 3 * HOUR;

const OPERATORS: Operator[] = [
  { id: 'op-admin', name: 'Ana García', role: 'administrator', rights: { deleteDialogs: true }, online: true },
  { id: 'op-maria', name: 'María López', role: 'operator', rights: { deleteDialogs: true }, online: true },
  { id: 'op-ivan', name: 'Иван Петров', role: 'operator', rights: { deleteDialogs: false }, online: true },
  { id: 'op-john', name: 'John Carter', role: 'operator', rights: { deleteDialogs: false }, online: false },
];

const BOTS: Bot[] = [{ id: 'bot-sales', name: 'Sales bot' }];

function caps(
  readReceipts: boolean,
  quoting: boolean,
  types: string[],
  maxBytes: number,
  extra: Partial<Pick<ChannelCapabilities, 'maxLength' | 'clientCanLeave'>> & { maxCount?: number } = {},
): ChannelCapabilities {
  const allowed = types.length > 0;
  return {
    readReceipts,
    quoting,
    attachments: { allowed, types, maxBytes: allowed ? maxBytes : 0, maxCount: allowed ? (extra.maxCount ?? 10) : 0 },
    maxLength: extra.maxLength ?? 2000,
    clientCanLeave: extra.clientCanLeave ?? false,
  };
}

const CHANNELS: Channel[] = [
  {
    id: 'ch-site',
    kind: 'webchat',
    name: 'Site chat',
    capabilities: caps(true, true, ['image/*', 'application/pdf'], 10 * MB, { clientCanLeave: true }),
  },
  {
    id: 'ch-landing',
    kind: 'webchat',
    name: 'Landing chat',
    capabilities: caps(false, false, ['image/*'], 5 * MB, { clientCanLeave: true, maxLength: 1000, maxCount: 5 }),
  },
  {
    id: 'ch-telegram',
    kind: 'telegram',
    name: 'Telegram · Shop bot',
    capabilities: caps(true, true, ['image/*', 'application/pdf', 'application/zip', 'text/plain'], 20 * MB, { maxCount: 10 }),
  },
  {
    id: 'ch-whatsapp',
    kind: 'whatsapp',
    name: 'WhatsApp Business',
    capabilities: caps(true, true, ['image/*', 'application/pdf'], 16 * MB),
  },
  { id: 'ch-vk', kind: 'vk', name: 'VK community', capabilities: caps(false, false, [], 0) },
  {
    id: 'ch-broken',
    kind: 'viber',
    name: 'Viber (failing integration)',
    capabilities: caps(false, false, ['image/*'], 5 * MB),
  },
];

const SIMULATION: Record<Id, ChannelSimulation> = {
  // The site visitor's widget reports reads itself: no timer.
  'ch-site': { sendDelayMs: 300, deliverDelayMs: 700, readDelayMs: null, failing: false },
  'ch-landing': { sendDelayMs: 300, deliverDelayMs: 700, readDelayMs: null, failing: false },
  'ch-telegram': { sendDelayMs: 300, deliverDelayMs: 700, readDelayMs: 2500, failing: false },
  'ch-whatsapp': { sendDelayMs: 400, deliverDelayMs: 900, readDelayMs: 2500, failing: false },
  'ch-vk': { sendDelayMs: 300, deliverDelayMs: 800, readDelayMs: null, failing: false },
  'ch-broken': { sendDelayMs: 300, deliverDelayMs: 700, readDelayMs: null, failing: true },
};

/** Tags with their weight: how often clients get them, so counts differ (T7). */
const TAGS: Array<readonly [Tag, number]> = [
  [{ id: 'tag-new', name: 'New', color: '#22c55e' }, 30],
  [{ id: 'tag-vip', name: 'VIP', color: '#7c3aed' }, 18],
  [{ id: 'tag-urgent', name: 'Envío urgente', color: '#fde68a' }, 14],
  [{ id: 'tag-return', name: 'Return', color: '#fecaca' }, 11],
  [{ id: 'tag-discount', name: 'Descuento', color: '#f9a8d4' }, 9],
  [{ id: 'tag-delivery', name: 'Доставка', color: '#0ea5e9' }, 8],
  [{ id: 'tag-wholesale', name: 'Mayorista', color: '#1e3a8a' }, 6],
  [{ id: 'tag-complaint', name: 'Complaint', color: '#b91c1c' }, 5],
  [{ id: 'tag-b2b', name: 'B2B', color: '#0f766e' }, 4],
  [{ id: 'tag-opt', name: 'Оптовик', color: '#bbf7d0' }, 3],
  [{ id: 'tag-loyal', name: 'Cliente fiel', color: '#92400e' }, 2],
  [{ id: 'tag-callback', name: 'Перезвонить', color: '#e5e7eb' }, 1],
];

/** Colours of the generated photos. */
const PHOTO_COLORS = ['#c2410c', '#0369a1', '#15803d', '#a16207', '#6d28d9', '#be123c', '#475569', '#0f766e', '#e7e5e4', '#fcd34d'];
const PHOTO_SIZES: ReadonlyArray<readonly [number, number]> = [
  [1200, 800],
  [800, 1200],
  [1600, 900],
  [1080, 1080],
  [1280, 960],
  [750, 1334],
];

type Lang = 'es' | 'en' | 'ru';
type Topic = 'delivery' | 'return' | 'wholesale' | 'payment' | 'product';
const TOPICS: Topic[] = ['delivery', 'return', 'wholesale', 'payment', 'product'];

interface TopicText {
  ask: string[];
  more: string[];
  answer: string[];
}

interface LangText {
  hello: string[];
  topics: Record<Topic, TopicText>;
  followUp: string[];
  thanks: string[];
  opHello: string[];
  opGeneric: string[];
  opBye: string[];
  bot: string[];
  botHandoff: string[];
  captions: string[];
  opCaptions: string[];
  rude: string[];
  opWarn: string[];
  leftOp: string[];
  longText: string;
}

const TEXT: Record<Lang, LangText> = {
  es: {
    hello: ['Hola', 'Buenas tardes', 'Hola, buenos días', '¡Hola!', 'Buenas'],
    topics: {
      delivery: {
        ask: ['¿Cuándo llegará mi pedido {order}? Lo hice el lunes.', '¿Hacéis envíos a Canarias?', 'Mi paquete pone «en reparto» desde hace tres días, ¿qué pasa?'],
        more: ['¿Me podéis pasar el número de seguimiento?', 'Es que lo necesito antes del viernes.', '¿Y si no estoy en casa cuando venga el mensajero?'],
        answer: ['Tu pedido {order} salió ayer del almacén; debería llegar en 24-48 h.', 'Sí, enviamos a Canarias; el plazo es de 5 a 7 días laborables.', 'Te paso el seguimiento: ES{track}. Si en 48 h no se mueve, abrimos incidencia con la agencia.'],
      },
      return: {
        ask: ['Quiero devolver unas zapatillas, me quedan pequeñas.', 'El producto llegó roto, ¿cómo hago la devolución?', '¿Puedo cambiar la talla de la chaqueta?'],
        more: ['¿Tengo que pagar yo el envío de vuelta?', 'Ya no tengo la caja original, ¿pasa algo?', 'Te mando foto de cómo llegó.'],
        answer: ['Sin problema: tienes 30 días para devolverlo. Te envío la etiqueta por correo.', 'Lo sentimos mucho. Te enviamos uno nuevo sin coste y recogemos el dañado.', 'Claro, el cambio de talla es gratuito. ¿Qué talla necesitas?'],
      },
      wholesale: {
        ask: ['Somos una tienda en Valencia, ¿tenéis precios para mayoristas?', '¿Cuál es el pedido mínimo para distribuidores?', 'Necesitaría 200 unidades del modelo azul, ¿hay stock?'],
        more: ['¿Podéis facturar a nombre de empresa?', '¿El transporte va incluido a partir de cierto importe?', 'Perfecto, ¿me enviáis el catálogo en PDF?'],
        answer: ['Sí, a partir de 50 unidades aplicamos un 25 % de descuento.', 'El pedido mínimo es de 300 € sin IVA; el envío es gratis a partir de 600 €.', 'Te preparo la tarifa mayorista actualizada.'],
      },
      payment: {
        ask: ['Me han cobrado dos veces el pedido {order}.', '¿Se puede pagar con Bizum?', 'El pago con tarjeta me da error.'],
        more: ['¿Cuándo me devolvéis el dinero?', 'Ya lo he intentado con otra tarjeta y nada.', '¿Y a plazos?'],
        answer: ['Veo el doble cargo: el segundo es una preautorización y se libera en 3-5 días.', 'Aceptamos tarjeta, PayPal y Bizum.', 'Prueba de nuevo, por favor; había una incidencia con la pasarela y ya está resuelta.'],
      },
      product: {
        ask: ['¿Esta mochila es impermeable?', '¿Tenéis la camiseta en talla XL?', '¿Qué diferencia hay entre el modelo Pro y el normal?'],
        more: ['¿Y en color verde?', '¿Cuánto pesa?', '¿Tiene garantía?'],
        answer: ['Sí, es resistente al agua (IPX4), aunque no sumergible.', 'Ahora mismo solo quedan tallas S y M; la XL vuelve la semana que viene.', 'El Pro lleva batería de mayor capacidad y funda incluida.'],
      },
    },
    followUp: ['Vale, gracias', '¿Hola? ¿Sigue alguien ahí?', 'Perfecto', 'Entendido', 'Ok', '¿Me confirmáis, por favor?', 'Una cosa más'],
    thanks: ['¡Muchas gracias!', 'Genial, gracias por todo 😊', 'Perfecto, gracias. Un saludo.'],
    opHello: ['¡Hola! Soy {op}, te ayudo ahora mismo.', 'Buenas, gracias por escribirnos.', 'Hola, un momento que lo reviso.'],
    opGeneric: ['Lo estoy comprobando, dame un minuto.', 'De acuerdo, lo anoto en tu pedido.', '¿Me confirmas tu correo electrónico?', 'Te lo he enviado por email.'],
    opBye: ['Gracias a ti. ¡Que tengas un buen día!', 'Cualquier otra cosa, aquí estamos.'],
    bot: ['¡Hola! Soy el asistente virtual. Elige una opción:\n1) Estado del pedido\n2) Devoluciones\n3) Hablar con una persona', 'He encontrado tu pedido {order}: está en preparación.', 'Puedo ayudarte con pedidos, envíos y devoluciones.', 'He creado tu pedido {order}. Te llegará un correo de confirmación.'],
    botHandoff: ['Te paso con un compañero del equipo, un momento por favor.'],
    captions: ['Así llegó', 'Te adjunto la foto', 'Aquí está el justificante'],
    opCaptions: ['Te adjunto la factura', 'Aquí tienes el catálogo'],
    rude: ['¡¡Sois unos estafadores, os voy a denunciar!!', 'No pienso esperar más, contestad YA'],
    opWarn: ['Le pedimos que mantenga un tono respetuoso, por favor.'],
    leftOp: ['¿Sigues ahí? Te he enviado el enlace de seguimiento.', 'Te dejo aquí la información por si vuelves.'],
    longText:
      'Os escribo por el último pedido. Lo hice hace dos semanas, pagué el envío urgente y me dijeron que llegaría en 24 horas. ',
  },
  en: {
    hello: ['Hi', 'Hello there', 'Good morning', 'Hey!', 'Hi, quick question'],
    topics: {
      delivery: {
        ask: ['When will my order {order} arrive? I placed it on Monday.', 'Do you ship to Ireland?', 'My parcel has said "out for delivery" for three days now.'],
        more: ['Could you send me the tracking number?', 'I really need it before Friday.', 'What happens if I am not at home?'],
        answer: ['Your order {order} left the warehouse yesterday; it should arrive within 1-2 working days.', 'Yes, we ship to Ireland: 3-5 working days.', 'Here is your tracking: GB{track}. If it does not move within 48 h we will open a claim.'],
      },
      return: {
        ask: ['I would like to return a pair of trainers, they are too small.', 'The item arrived broken. How do I return it?', 'Can I exchange the jacket for a bigger size?'],
        more: ['Do I pay for the return shipping?', 'I no longer have the original box, is that OK?', 'I am sending you a photo of how it arrived.'],
        answer: ['No problem: you have 30 days to return it. I will email you a prepaid label.', 'So sorry about that! We will send a replacement for free and collect the damaged one.', 'Sure, size exchanges are free. Which size do you need?'],
      },
      wholesale: {
        ask: ['We run a shop in Leeds. Do you have wholesale prices?', 'What is the minimum order for resellers?', 'I would need 200 units of the blue model. Is there stock?'],
        more: ['Can you invoice a company?', 'Is shipping included above a certain amount?', 'Great, could you send me the catalogue as a PDF?'],
        answer: ['Yes, from 50 units we apply a 25% discount.', 'The minimum order is $350 before tax; shipping is free above $700.', 'I am preparing the updated wholesale price list for you.'],
      },
      payment: {
        ask: ['I was charged twice for order {order}.', 'Can I pay with Apple Pay?', 'My card payment keeps failing.'],
        more: ['When will I get the money back?', 'I tried another card, same thing.', 'Do you offer instalments?'],
        answer: ['I can see the double charge: the second one is a pre-authorisation and will be released in 3-5 days.', 'We accept cards, PayPal and Apple Pay.', 'Please try again; the payment gateway had an incident and it is fixed now.'],
      },
      product: {
        ask: ['Is this backpack waterproof?', 'Do you have the T-shirt in XL?', 'What is the difference between the Pro and the regular model?'],
        more: ['And in green?', 'How much does it weigh?', 'Does it come with a warranty?'],
        answer: ['It is water resistant (IPX4), but not submersible.', 'Right now only S and M are left; XL is back next week.', 'The Pro has a bigger battery and includes a case.'],
      },
    },
    followUp: ['OK, thanks', 'Hello? Anyone there?', 'Perfect', 'Got it', 'Ok', 'Could you confirm, please?', 'One more thing'],
    thanks: ['Thank you so much!', 'Great, thanks for your help 🙂', 'Perfect, thanks. Have a nice day.'],
    opHello: ['Hi! I am {op}, happy to help.', 'Hello, thanks for reaching out.', 'Hi, give me a moment to check.'],
    opGeneric: ['Checking it now, one minute please.', 'All right, I have added a note to your order.', 'Could you confirm your email address?', 'I have sent it to your email.'],
    opBye: ['You are welcome. Have a great day!', 'If you need anything else, we are here.'],
    bot: ['Hi! I am the virtual assistant. Choose an option:\n1) Order status\n2) Returns\n3) Talk to a person', 'I found your order {order}: it is being prepared.', 'I can help with orders, shipping and returns.', 'I have created your order {order}. You will get a confirmation email.'],
    botHandoff: ['Let me pass you to a colleague, one moment please.'],
    captions: ['This is how it arrived', 'Photo attached', 'Here is the receipt'],
    opCaptions: ['Here is your invoice', 'Our catalogue, as promised'],
    rude: ['You are scammers and I will report you!!!', 'I am not waiting any longer, answer NOW'],
    opWarn: ['Please keep the conversation respectful.'],
    leftOp: ['Are you still there? I have sent you the tracking link.', 'Leaving the details here in case you come back.'],
    longText:
      'I am writing because I am quite upset about my last order. I placed it two weeks ago, paid for express shipping and was told it would arrive within 24 hours. ',
  },
  ru: {
    hello: ['Здравствуйте', 'Добрый день', 'Привет', 'Здравствуйте!', 'Добрый вечер'],
    topics: {
      delivery: {
        ask: ['Когда придёт мой заказ {order}? Оформлен в понедельник.', 'Доставляете в Казань?', 'Посылка уже три дня «передана курьеру», что случилось?'],
        more: ['Пришлите, пожалуйста, трек-номер.', 'Мне нужно до пятницы.', 'А если меня не будет дома?'],
        answer: ['Ваш заказ {order} вчера отправлен со склада, доставка 1-2 дня.', 'Да, доставляем в Казань, срок 3-5 рабочих дней.', 'Трек-номер: RU{track}. Если за 48 часов статус не изменится, откроем претензию.'],
      },
      return: {
        ask: ['Хочу вернуть кроссовки, не подошёл размер.', 'Товар пришёл сломанным, как оформить возврат?', 'Можно поменять куртку на размер больше?'],
        more: ['Доставку обратно оплачиваю я?', 'Коробки уже нет, это проблема?', 'Отправляю фото, как пришло.'],
        answer: ['Без проблем, на возврат есть 30 дней. Пришлю этикетку на почту.', 'Приносим извинения! Отправим новый бесплатно и заберём повреждённый.', 'Конечно, обмен размера бесплатный. Какой размер нужен?'],
      },
      wholesale: {
        ask: ['Мы магазин в Екатеринбурге, есть оптовые цены?', 'Какой минимальный заказ для дилеров?', 'Нужно 200 штук синей модели, есть в наличии?'],
        more: ['Можно выставить счёт на юрлицо?', 'Доставка бесплатная от какой суммы?', 'Отлично, пришлите каталог в PDF.'],
        answer: ['Да, от 50 штук скидка 25 %.', 'Минимальный заказ 30 000 ₽, доставка бесплатно от 60 000 ₽.', 'Готовлю для вас актуальный оптовый прайс.'],
      },
      payment: {
        ask: ['С меня дважды списали деньги за заказ {order}.', 'Можно оплатить через СБП?', 'Оплата картой не проходит.'],
        more: ['Когда вернёте деньги?', 'С другой карты тоже не проходит.', 'А рассрочка есть?'],
        answer: ['Вижу двойное списание: второе — это блокировка, она снимется через 3-5 дней.', 'Принимаем карты, СБП и оплату при получении.', 'Попробуйте ещё раз, пожалуйста: был сбой платёжного шлюза, уже исправили.'],
      },
      product: {
        ask: ['Этот рюкзак водонепроницаемый?', 'Есть футболка размера XL?', 'Чем модель Pro отличается от обычной?'],
        more: ['А в зелёном цвете?', 'Сколько весит?', 'Гарантия есть?'],
        answer: ['Он влагозащищённый (IPX4), но погружать нельзя.', 'Сейчас остались только S и M, XL будет на следующей неделе.', 'У Pro батарея больше и чехол в комплекте.'],
      },
    },
    followUp: ['Хорошо, спасибо', 'Алло, вы тут?', 'Отлично', 'Понятно', 'Ок', 'Подтвердите, пожалуйста', 'И ещё вопрос'],
    thanks: ['Большое спасибо!', 'Супер, спасибо за помощь 🙏', 'Спасибо, всего доброго.'],
    opHello: ['Здравствуйте! Меня зовут {op}, помогу.', 'Добрый день, спасибо за обращение.', 'Здравствуйте, минуту, проверю.'],
    opGeneric: ['Проверяю, одну минуту.', 'Хорошо, комментарий к заказу добавлен.', 'Подтвердите, пожалуйста, вашу почту.', 'Отправили вам на почту.'],
    opBye: ['Пожалуйста! Хорошего дня.', 'Если будут вопросы — пишите.'],
    bot: ['Здравствуйте! Я виртуальный помощник. Выберите:\n1) Статус заказа\n2) Возврат\n3) Связаться с оператором', 'Ваш заказ {order} найден: он собирается.', 'Я помогу с заказами, доставкой и возвратами.', 'Заказ {order} оформлен. Подтверждение придёт на почту.'],
    botHandoff: ['Передаю вас оператору, подождите, пожалуйста.'],
    captions: ['Вот так пришло', 'Фото прикладываю', 'Вот чек'],
    opCaptions: ['Счёт во вложении', 'Наш каталог, как обещали'],
    rude: ['Вы мошенники, я на вас пожалуюсь!!!', 'Больше ждать не буду, отвечайте СЕЙЧАС'],
    opWarn: ['Просим вас общаться уважительно.'],
    leftOp: ['Вы ещё здесь? Отправили ссылку для отслеживания.', 'Оставлю информацию здесь, если вернётесь.'],
    longText:
      'Пишу по поводу последнего заказа. Он оформлен две недели назад, срочная доставка оплачена, и нам обещали, что он придёт за 24 часа. ',
  },
};

interface NamePool {
  male: string[];
  female: string[];
  last: Array<readonly [string, string]>; // male form, female form
}

const NAMES: Record<Lang, NamePool> = {
  es: {
    male: ['Javier', 'Alejandro', 'Pablo', 'Diego', 'Raúl', 'Sergio', 'Andrés', 'Íñigo', 'Álvaro', 'Joaquín'],
    female: ['Lucía', 'Carmen', 'Sofía', 'Marta', 'Elena', 'Inés', 'Paula', 'Noelia', 'Begoña', 'Nuria'],
    last: ['Fernández', 'Martínez', 'Rodríguez', 'Sánchez', 'Pérez', 'Gómez', 'Díaz', 'Muñoz', 'Álvarez', 'Romero', 'Navarro', 'Ortega', 'Castillo', 'Núñez'].map((l) => [l, l] as const),
  },
  en: {
    male: ['James', 'Michael', 'Daniel', 'Thomas', 'Oliver', 'Ethan', 'Liam', 'Noah'],
    female: ['Emily', 'Olivia', 'Chloe', 'Grace', 'Hannah', 'Lily', 'Amelia', 'Zoe'],
    last: ['Johnson', 'Williams', 'Brown', 'Taylor', 'Wilson', 'Clarke', "O'Connor", 'Evans', 'Walker', 'Hughes', 'Bennett', 'Murphy'].map((l) => [l, l] as const),
  },
  ru: {
    male: ['Алексей', 'Дмитрий', 'Сергей', 'Михаил', 'Андрей', 'Николай', 'Павел', 'Артём'],
    female: ['Ольга', 'Екатерина', 'Анна', 'Наталья', 'Татьяна', 'Юлия', 'Мария', 'Светлана'],
    last: [
      ['Смирнов', 'Смирнова'],
      ['Кузнецов', 'Кузнецова'],
      ['Попов', 'Попова'],
      ['Васильев', 'Васильева'],
      ['Соколов', 'Соколова'],
      ['Морозов', 'Морозова'],
      ['Волков', 'Волкова'],
      ['Новиков', 'Новикова'],
      ['Фёдоров', 'Фёдорова'],
    ],
  },
};

const COMPANIES: Record<Lang, string[]> = {
  es: ['Distribuciones Levante S.L.', 'Moda Íbera S.A.', 'Papelería Núñez'],
  en: ['Northwind Traders Ltd', 'Bluebell Boutique', 'Harbour & Co'],
  ru: ['ООО «Ромашка»', 'ИП Соколова', 'ТД «Северный»'],
};

const VISITOR: Record<Lang, string> = { es: 'Visitante', en: 'Visitor', ru: 'Посетитель' };
const LOCATIONS: Record<Lang, string[]> = {
  es: ['Madrid, España', 'Valencia, España', 'Sevilla, España', 'Bilbao, España', 'Ciudad de México, México'],
  en: ['London, United Kingdom', 'Manchester, United Kingdom', 'Dublin, Ireland', 'New York, United States'],
  ru: ['Москва, Россия', 'Санкт-Петербург, Россия', 'Казань, Россия', 'Екатеринбург, Россия'],
};
const DEVICES = ['Chrome 126 · Windows 11', 'Safari · iPhone (iOS 17)', 'Firefox 127 · Ubuntu', 'Chrome · Android 14', 'Edge · Windows 10', 'Safari · macOS'];
const CURRENCY: Record<Lang, string> = { es: 'EUR', en: 'USD', ru: 'RUB' };
const PHONE: Record<Lang, (r: Rng) => string> = {
  es: (r) => `+34 6${r.digits(2)} ${r.digits(3)} ${r.digits(3)}`,
  en: (r) => `+44 7${r.digits(3)} ${r.digits(6)}`,
  ru: (r) => `+7 9${r.digits(2)} ${r.digits(3)}-${r.digits(2)}-${r.digits(2)}`,
};
const MAIL_DOMAINS: Record<Lang, string[]> = {
  es: ['gmail.com', 'hotmail.es', 'yahoo.es'],
  en: ['gmail.com', 'outlook.com', 'icloud.com'],
  ru: ['yandex.ru', 'mail.ru', 'gmail.com'],
};
const CAMPAIGNS: Record<Lang, Array<{ campaign: string; utm: string }>> = {
  es: [
    { campaign: 'Rebajas de verano', utm: 'rebajas_verano' },
    { campaign: 'Black Friday', utm: 'black_friday' },
  ],
  en: [
    { campaign: 'Spring newsletter', utm: 'spring_newsletter' },
    { campaign: 'Black Friday', utm: 'black_friday' },
  ],
  ru: [
    { campaign: 'Весенняя распродажа', utm: 'vesna_sale' },
    { campaign: 'Чёрная пятница', utm: 'black_friday' },
  ],
};
const REFERRERS = ['https://www.google.com/', 'https://www.instagram.com/', 'https://yandex.ru/', 'https://www.facebook.com/', 'https://duckduckgo.com/'];
const LANDING_PAGES: Record<Lang, string[]> = {
  es: ['https://shop.example.com/es/ofertas', 'https://shop.example.com/es/mochilas', 'https://shop.example.com/es/envios'],
  en: ['https://shop.example.com/en/sale', 'https://shop.example.com/en/backpacks', 'https://shop.example.com/en/shipping'],
  ru: ['https://shop.example.com/ru/akcii', 'https://shop.example.com/ru/ryukzaki', 'https://shop.example.com/ru/dostavka'],
};
const ORDER_STATUSES = ['new', 'paid', 'shipped', 'complete'] as const;

const FILES: Array<{ name: Record<Lang, string>; mime: string; min: number; max: number }> = [
  { name: { es: 'factura-{order}.pdf', en: 'invoice-{order}.pdf', ru: 'счёт-{order}.pdf' }, mime: 'application/pdf', min: 40_000, max: 900_000 },
  { name: { es: 'catalogo-2025.pdf', en: 'catalogue-2025.pdf', ru: 'каталог-2025.pdf' }, mime: 'application/pdf', min: 1_500_000, max: 4_800_000 },
  { name: { es: 'tarifa-mayorista.pdf', en: 'wholesale-prices.pdf', ru: 'прайс-опт.pdf' }, mime: 'application/pdf', min: 200_000, max: 800_000 },
  { name: { es: 'fotos-pedido.zip', en: 'order-photos.zip', ru: 'фото-заказа.zip' }, mime: 'application/zip', min: 2_000_000, max: 14_000_000 },
  { name: { es: 'seguimiento.txt', en: 'tracking.txt', ru: 'трек.txt' }, mime: 'text/plain', min: 200, max: 4_000 },
];

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch',
  ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

/** ASCII handle fragment from a name in any of the three languages. */
function slug(text: string): string {
  let out = '';
  for (const ch of text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '')) {
    const mapped = CYRILLIC[ch];
    if (mapped !== undefined) out += mapped;
    else if (/[a-z0-9]/.test(ch)) out += ch;
  }
  return out;
}

/** How operators introduce themselves in each language. */
const OPERATOR_FIRST_NAMES: Record<Id, Record<Lang, string>> = {
  'op-admin': { es: 'Ana', en: 'Ana', ru: 'Анна' },
  'op-maria': { es: 'María', en: 'María', ru: 'Мария' },
  'op-ivan': { es: 'Iván', en: 'Ivan', ru: 'Иван' },
  'op-john': { es: 'John', en: 'John', ru: 'Джон' },
};

function firstName(op: Id, lang: Lang): string {
  return OPERATOR_FIRST_NAMES[op]?.[lang] ?? op;
}

function copyAssignee(a: Assignee | null | undefined): Assignee | null {
  return a ? { kind: a.kind, id: a.id } : null;
}

function copyEvent(e: SystemEvent): SystemEvent {
  const out: SystemEvent = { type: e.type, by: e.by ? { ...e.by } : null };
  if (e.from !== undefined) out.from = copyAssignee(e.from);
  if (e.to !== undefined) out.to = copyAssignee(e.to);
  return out;
}

function authorOf(a: Assignee): Author {
  return { kind: a.kind, id: a.id };
}

const SYSTEM: Author = { kind: 'system', id: '' };
const op = (id: Id): Assignee => ({ kind: 'operator', id });
const BOT: Assignee = { kind: 'bot', id: 'bot-sales' };

function channelById(id: Id): Channel {
  const ch = CHANNELS.find((c) => c.id === id);
  if (!ch) throw new Error(`seed: unknown channel ${id}`);
  return ch;
}

// ---------------------------------------------------------------------------------------------
// Dialog generation
// ---------------------------------------------------------------------------------------------

type Gap = 'first' | 'burst' | 'reply' | 'event' | 'tight' | 'pause' | 'session';
type Ending = 'waiting' | 'answered' | 'thanks';

interface Draft {
  kind: MessageKind;
  author: Author;
  text: string;
  event?: SystemEvent;
  gap: Gap;
  fail?: FailureReason;
  /** Index of the quoted draft. */
  quote?: number;
  attachments: Attachment[];
}

interface ClientDraft {
  id: Id;
  name: string;
  lang: Lang;
  tags: ClientTag[];
  blocked: boolean;
  sourceNull: boolean;
  visitor: boolean;
  company: boolean;
  /** Dialogs of this client (including detached ones), filled as they are generated. */
  dialogs: Array<{ dialog: Dialog; detached: boolean }>;
  /** No more dialogs may be added (blocked, detached, or already two). */
  reusable: boolean;
}

interface DialogSpec {
  num: number;
  id: Id;
  channel: Channel;
  client: ClientDraft;
  lang: Lang;
  topic: Topic;
  initial: Assignee | null;
  final: Assignee | null;
  /** Who reassigns from `initial` to `final` (a bot hands over by itself). */
  reassignBy?: Author;
  /** H1: the reassignment happens after the dialog was closed. */
  reassignAfterClose?: boolean;
  status: DialogStatus;
  ending: Ending;
  /** For `waiting`: how long ago the client's first unanswered message came. */
  waitMs: number;
  /** Otherwise: how long ago the last message came. */
  endAgoMs: number;
  /** Target number of text messages. */
  size: number;
  sessions: number;
  closedBy?: Author;
  blocked?: boolean;
  detached?: boolean;
  left?: boolean;
  longText?: boolean;
  attachRate: number;
  attachMax: number;
}

interface Ctx {
  rng: Rng;
  now: Timestamp;
  orderSeq: { n: number };
}

function fill(ctx: Ctx, text: string, spec: DialogSpec, author?: Author): string {
  return text
    .replace('{order}', () => `${10_234 + ctx.rng.int(0, 900)}A`)
    .replace('{track}', () => ctx.rng.digits(10))
    .replace('{op}', () => firstName(author?.kind === 'operator' ? author.id : (spec.final?.id ?? 'op-admin'), spec.lang));
}

function gapMs(rng: Rng, gap: Gap, author: Author): number {
  switch (gap) {
    case 'first':
      return 0;
    case 'burst':
      return rng.int(4_000, 80_000);
    case 'reply':
      return author.kind === 'bot' ? rng.int(1_000, 4_000) : rng.int(40_000, 12 * MIN);
    case 'event':
      return rng.int(3_000, 3 * MIN);
    case 'tight':
      return rng.int(1, 800);
    case 'pause':
      return rng.int(40 * MIN, 20 * HOUR);
    case 'session':
      return rng.int(8 * HOUR, 6 * DAY);
  }
}

function makeAttachment(ctx: Ctx, spec: DialogSpec, id: Id, author: Author, preferImage: boolean): Attachment | null {
  const { rng } = ctx;
  const a = spec.channel.capabilities.attachments;
  if (!a.allowed) return null;
  const canImage = a.types.some((t) => mimeMatches(t, 'image/jpeg')) && a.types.some((t) => mimeMatches(t, 'image/png'));
  const files = FILES.filter((f) => a.types.some((t) => mimeMatches(t, f.mime)) && f.min <= a.maxBytes);
  const image = canImage && (preferImage || files.length === 0);
  if (image) {
    const png = rng.chance(0.3);
    const [w, h] = rng.pick(PHOTO_SIZES);
    const url = pngDataUrl(rng.pick(PHOTO_COLORS));
    const stamp = `2025${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(1, 28)).padStart(2, '0')}`;
    const name = png
      ? rng.pick(['screenshot.png', `Captura ${stamp}.png`, `Снимок экрана ${stamp}.png`])
      : author.kind === 'client'
        ? rng.pick([`IMG_${stamp}_${rng.digits(6)}.jpg`, `photo_${stamp}.jpg`, `WhatsApp Image ${stamp}.jpg`])
        : rng.pick(['producto.jpg', 'product-photo.jpg', 'фото-товара.jpg']);
    return {
      id,
      name,
      mime: png ? 'image/png' : 'image/jpeg',
      size: Math.min(a.maxBytes, rng.int(90_000, 4_500_000)),
      kind: 'image',
      url,
      thumbUrl: url,
      width: w,
      height: h,
      available: true,
    };
  }
  if (files.length === 0) return null;
  const f = rng.pick(files);
  const name = fill(ctx, f.name[spec.lang], spec);
  return {
    id,
    name,
    mime: f.mime,
    size: Math.min(a.maxBytes, rng.int(f.min, f.max)),
    kind: 'file',
    url: textDataUrl(`chatdesk demo file: ${name}\n`),
    available: true,
  };
}

/** F2/F4 on drafts or messages, by position: index of the client's first unanswered message. */
function waitingIndex(items: ReadonlyArray<Pick<Draft, 'kind' | 'author' | 'event'>>, status: DialogStatus): number {
  if (status !== 'open') return -1;
  let lastText = -1;
  for (let i = items.length - 1; i >= 0; i--) {
    if (items[i]!.kind !== 'event') {
      lastText = i;
      break;
    }
  }
  if (lastText < 0 || items[lastText]!.author.kind !== 'client') return -1;
  let from = 0;
  for (let i = items.length - 1; i >= 0; i--) {
    const it = items[i]!;
    if (it.kind === 'event' && (it.event?.type === 'opened' || it.event?.type === 'reopened')) {
      from = i + 1;
      break;
    }
  }
  for (let i = items.length - 1; i >= from; i--) {
    const it = items[i]!;
    if (it.kind !== 'event' && (it.author.kind === 'operator' || it.author.kind === 'bot')) {
      from = i + 1;
      break;
    }
  }
  for (let i = from; i < items.length; i++) {
    const it = items[i]!;
    if (it.kind !== 'event' && it.author.kind === 'client') return i;
  }
  return -1;
}

/** The list preview of a message (L3, L4). */
export function previewOf(m: Message): MessagePreview {
  const p: MessagePreview = {
    id: m.id,
    author: { ...m.author },
    text: m.text,
    kind: m.kind,
    attachmentCount: m.attachments.length,
    createdAt: m.createdAt,
  };
  if (m.event) p.event = copyEvent(m.event);
  return p;
}

function splitSize(rng: Rng, size: number, sessions: number): number[] {
  const sizes = Array.from({ length: sessions }, () => 2);
  let left = Math.max(0, size - 2 * sessions);
  while (left > 0) {
    sizes[rng.int(0, sessions - 1)]! += 1;
    left--;
  }
  return sizes;
}

function buildDrafts(ctx: Ctx, spec: DialogSpec): Draft[] {
  const { rng } = ctx;
  const T = TEXT[spec.lang];
  const topic = T.topics[spec.topic];
  const drafts: Draft[] = [];
  const clientAuthor: Author = { kind: 'client', id: spec.client.id };
  let assignee = spec.initial;
  let reassigned = sameAssignee(spec.initial, spec.final) || !!spec.reassignAfterClose;
  const reassignAtSession = spec.initial?.kind === 'bot' ? 0 : Math.floor(spec.sessions / 2);
  let clientSaid = 0;
  let respSaid = 0;
  let longDone = !spec.longText;
  const recent: string[] = [];
  /** Picks a line not used in the last few messages, when the pool allows. */
  const fresh = (pool: readonly string[]): string => {
    let text = rng.pick(pool);
    for (let i = 0; i < 4 && recent.includes(text); i++) text = rng.pick(pool);
    recent.push(text);
    if (recent.length > 6) recent.shift();
    return text;
  };

  const push = (d: Omit<Draft, 'attachments'>): void => {
    drafts.push(Object.assign(d, { attachments: [] }));
  };
  const event = (ev: SystemEvent, gap: Gap): void => push({ kind: 'event', author: SYSTEM, text: '', event: ev, gap });
  const clientText = (): string => {
    clientSaid++;
    if (clientSaid === 1) {
      const ask = fill(ctx, fresh(topic.ask), spec);
      const hello = rng.pick(T.hello);
      return rng.chance(0.6) ? `${hello}${/[!?.]$/.test(hello) ? '' : '.'} ${ask}` : ask;
    }
    if (!longDone && clientSaid >= 3) {
      longDone = true;
      return T.longText.repeat(12).trim();
    }
    return fill(ctx, fresh(rng.chance(0.6) ? topic.more : T.followUp), spec);
  };
  const respText = (who: Author): string => {
    respSaid++;
    if (who.kind === 'bot') return respSaid === 1 ? T.bot[0]! : fill(ctx, fresh(T.bot.slice(1)), spec, who);
    if (respSaid === 1 || (drafts.length > 0 && drafts[drafts.length - 1]!.event?.type === 'reassigned')) {
      return `${fill(ctx, rng.pick(T.opHello), spec, who)} ${fill(ctx, fresh(topic.answer), spec, who)}`;
    }
    return fill(ctx, fresh(rng.chance(0.55) ? topic.answer : T.opGeneric), spec, who);
  };
  const runClient = (count: number, gap: Gap): number => {
    for (let i = 0; i < count; i++) push({ kind: 'text', author: clientAuthor, text: clientText(), gap: i === 0 ? gap : 'burst' });
    return count;
  };
  const runResp = (count: number, gap: Gap): number => {
    if (!assignee) return 0;
    const who = authorOf(assignee);
    for (let i = 0; i < count; i++) push({ kind: 'text', author: who, text: respText(who), gap: i === 0 ? gap : 'burst' });
    return count;
  };
  const reassign = (): void => {
    if (reassigned) return;
    reassigned = true;
    let by = spec.reassignBy ?? SYSTEM;
    if (assignee?.kind === 'bot') {
      push({ kind: 'text', author: authorOf(assignee), text: rng.pick(T.botHandoff), gap: 'reply' });
      by = authorOf(assignee);
    }
    event({ type: 'reassigned', by, from: assignee, to: spec.final }, 'event');
    assignee = spec.final;
  };
  const lastText = (): Draft | undefined => {
    for (let i = drafts.length - 1; i >= 0; i--) if (drafts[i]!.kind !== 'event') return drafts[i];
    return undefined;
  };
  const closeBy = (): Author => spec.closedBy ?? (assignee ? authorOf(assignee) : authorOf(op('op-admin')));

  // Unassigned: the client wrote, nobody took it yet.
  if (!spec.initial) {
    for (let i = 0; i < spec.size; i++) runClient(1, i === 0 ? 'first' : rng.chance(0.6) ? 'burst' : 'reply');
    return drafts;
  }

  const sizes = splitSize(rng, spec.size, spec.sessions);
  for (let s = 0; s < spec.sessions; s++) {
    const isLast = s === spec.sessions - 1;
    let budget = sizes[s]!;
    let who: 'client' | 'resp';
    if (s === 0) {
      budget -= runClient(rng.weighted([[1, 6], [2, 3]] as const), 'first');
      who = 'resp';
    } else if (drafts[drafts.length - 1]?.event?.type === 'closed') {
      if (assignee?.kind === 'operator' && rng.chance(0.2)) {
        // P3/H2: the operator restarts the conversation, which reopens the dialog.
        event({ type: 'reopened', by: authorOf(assignee) }, 'session');
        budget -= runResp(1, 'tight');
        who = 'client';
      } else {
        // H2: a new client message reopens the dialog by itself.
        event({ type: 'reopened', by: null }, 'session');
        budget -= runClient(1, 'tight');
        who = 'resp';
      }
    } else {
      budget -= runClient(1, 'pause');
      who = 'resp';
    }
    while (budget > 0) {
      if (who === 'resp') {
        if (!reassigned && s >= reassignAtSession && respSaid >= (assignee?.kind === 'bot' ? 1 : 2)) reassign();
        budget -= runResp(Math.min(budget, rng.weighted([[1, 7], [2, 3]] as const)), 'reply');
        who = 'client';
      } else {
        budget -= runClient(Math.min(budget, rng.weighted([[1, 6], [2, 3], [3, 1]] as const)), 'reply');
        who = 'resp';
      }
    }
    if (!isLast) {
      // A finished conversation: answered, maybe thanked, often closed.
      if (lastText()?.author.kind === 'client') runResp(1, 'reply');
      if (rng.chance(0.3)) runClient(1, 'reply');
      if (spec.status === 'closed' || rng.chance(0.6)) event({ type: 'closed', by: closeBy() }, 'event');
    }
  }

  if (!reassigned) reassign();

  switch (spec.ending) {
    case 'waiting':
      if (lastText()?.author.kind !== 'client') runClient(rng.int(1, 2), 'reply');
      break;
    case 'answered':
      if (lastText()?.author.kind === 'client') runResp(1, 'reply');
      break;
    case 'thanks':
      if (lastText()?.author.kind === 'client') runResp(1, 'reply');
      push({ kind: 'text', author: clientAuthor, text: rng.pick(T.thanks), gap: 'reply' });
      if (rng.chance(0.5) && assignee?.kind === 'operator') {
        push({ kind: 'text', author: authorOf(assignee), text: rng.pick(T.opBye), gap: 'reply' });
      }
      break;
  }

  if (spec.blocked && assignee) {
    // H4: the client turned abusive and was blocked; nothing comes from them afterwards.
    T.rude.forEach((text, i) => push({ kind: 'text', author: clientAuthor, text, gap: i === 0 ? 'pause' : 'burst' }));
    push({ kind: 'text', author: authorOf(assignee), text: rng.pick(T.opWarn), gap: 'reply' });
    event({ type: 'client_blocked', by: authorOf(assignee) }, 'event');
  }
  if (spec.left && assignee) {
    // S5: the site visitor closed the chat; later replies cannot reach them.
    const who = authorOf(assignee);
    const n = rng.int(1, 2);
    for (let i = 0; i < n; i++) {
      push({ kind: 'text', author: who, text: T.leftOp[i % T.leftOp.length]!, gap: i === 0 ? 'pause' : 'burst', fail: 'client_left' });
    }
  }
  if (spec.detached && assignee) {
    event({ type: 'client_detached', by: authorOf(assignee) }, 'event');
  }
  if (spec.status === 'closed') {
    event({ type: 'closed', by: closeBy() }, 'event');
  }
  if (spec.reassignAfterClose) {
    // H1: reassigned while closed; the dialog stays closed.
    event({ type: 'reassigned', by: authorOf(op('op-admin')), from: assignee, to: spec.final }, 'pause');
    assignee = spec.final;
  }
  return drafts;
}

function decorate(ctx: Ctx, spec: DialogSpec, drafts: Draft[]): void {
  const { rng } = ctx;
  const caps = spec.channel.capabilities;
  const T = TEXT[spec.lang];
  drafts.forEach((d, i) => {
    if (d.kind === 'event' || i === 0) return;
    // M1/M2: quotes only where the channel supports them.
    if (caps.quoting && d.fail === undefined) {
      const outgoing = d.author.kind !== 'client';
      if (rng.chance(outgoing ? 0.07 : 0.02)) {
        for (let j = i - 1; j >= Math.max(0, i - 6); j--) {
          const q = drafts[j]!;
          if (q.kind === 'text' && q.text !== '' && (outgoing ? q.author.kind === 'client' : q.author.kind !== 'client')) {
            d.quote = j;
            break;
          }
        }
      }
    }
    // P1/P2: attachments only where the channel accepts them.
    if (caps.attachments.allowed && d.author.kind !== 'bot' && d.fail === undefined && rng.chance(spec.attachRate)) {
      const count = Math.min(caps.attachments.maxCount, rng.int(1, spec.attachMax));
      for (let k = 0; k < count; k++) {
        const a = makeAttachment(ctx, spec, `att-${spec.num}-${i + 1}-${k + 1}`, d.author, rng.chance(0.6));
        if (a) d.attachments.push(a);
      }
      if (d.attachments.length > 0 && d.text.length < 120) {
        d.text = rng.chance(0.45) ? '' : rng.pick(d.author.kind === 'client' ? T.captions : T.opCaptions);
      }
    }
  });
}

function assignTimes(ctx: Ctx, spec: DialogSpec, drafts: Draft[]): number[] {
  const { rng, now } = ctx;
  const rel: number[] = new Array<number>(drafts.length).fill(0);
  for (let i = drafts.length - 1; i > 0; i--) rel[i - 1] = rel[i]! - gapMs(rng, drafts[i]!.gap, drafts[i]!.author);
  const w = spec.ending === 'waiting' ? waitingIndex(drafts, spec.status) : -1;
  const anchor = w >= 0 ? w : drafts.length - 1;
  const anchorTime = now - (w >= 0 ? spec.waitMs : spec.endAgoMs);
  const abs = rel.map((r) => anchorTime + (r - rel[anchor]!));
  // Keep the whole history within the last ~30 days: compress what comes before the anchor.
  const minStart = now - 29.5 * DAY;
  if (abs[0]! < minStart && anchor > 0) {
    const f = (anchorTime - minStart) / (anchorTime - abs[0]!);
    for (let i = 0; i < anchor; i++) abs[i] = anchorTime - (anchorTime - abs[i]!) * f;
  }
  for (let i = 0; i < abs.length; i++) abs[i] = Math.round(abs[i]!);
  for (let i = anchor - 1; i >= 0; i--) abs[i] = Math.min(abs[i]!, abs[i + 1]! - 1);
  for (let i = anchor + 1; i < abs.length; i++) abs[i] = Math.max(abs[i]!, abs[i - 1]! + 1);
  const over = abs[abs.length - 1]! - (now - 1_000);
  if (over > 0) for (let i = 0; i < abs.length; i++) abs[i] = abs[i]! - over;
  return abs;
}

function outgoingStatus(ctx: Ctx, spec: DialogSpec, d: Draft, t: number, clientLater: boolean): MessageStatus {
  if (d.fail) return failed(d.fail);
  // S5: the failing integration refuses everything sent since it broke (incoming still works).
  if (SIMULATION[spec.channel.id]?.failing && t > ctx.now - BROKEN_SINCE_MS) return failed('integration_error');
  // S6: `read` only where the integration reports reads.
  if (spec.channel.capabilities.readReceipts) {
    if (clientLater) return { state: 'read' };
    if (ctx.now - t > 10 * MIN && ctx.rng.chance(0.75)) return { state: 'read' };
  }
  return { state: 'delivered' };
}

function generateDialog(ctx: Ctx, spec: DialogSpec): { dialog: Dialog; messages: Message[] } {
  const drafts = buildDrafts(ctx, spec);
  decorate(ctx, spec, drafts);
  const times = assignTimes(ctx, spec, drafts);
  const ids = drafts.map((_, i) => `${spec.id}-m${i + 1}`);
  let clientAfter = false;
  const laterClient: boolean[] = new Array<boolean>(drafts.length).fill(false);
  for (let i = drafts.length - 1; i >= 0; i--) {
    laterClient[i] = clientAfter;
    const d = drafts[i]!;
    if (d.kind !== 'event' && d.author.kind === 'client') clientAfter = true;
  }
  const messages: Message[] = drafts.map((d, i) => {
    const m: Message = {
      id: ids[i]!,
      dialogId: spec.id,
      n: i + 1,
      kind: d.kind,
      author: { ...d.author },
      text: d.text,
      attachments: d.attachments,
      createdAt: times[i]!,
    };
    if (d.event) m.event = copyEvent(d.event);
    if (d.quote !== undefined) {
      const q = drafts[d.quote]!;
      m.quote = { messageId: ids[d.quote]!, author: { ...q.author }, text: q.text.length > 200 ? `${cutText(q.text, 199)}…` : q.text };
    }
    if (d.kind === 'text' && (d.author.kind === 'operator' || d.author.kind === 'bot')) {
      m.status = outgoingStatus(ctx, spec, d, times[i]!, laterClient[i]!);
    }
    return m;
  });

  const dialog: Dialog = {
    id: spec.id,
    channelId: spec.channel.id,
    clientId: spec.detached ? null : spec.client.id,
    title: spec.client.name,
    status: spec.status,
    assignee: copyAssignee(spec.final),
    createdAt: messages[0]?.createdAt ?? ctx.now,
    openedAt: 0,
    lastActivityAt: 0,
    waitingSince: null,
    lastMessage: null,
    clientMessageCount: 0,
    lastN: 0,
  };
  deriveDialog(dialog, messages);
  return { dialog, messages };
}

/** Recomputes the fields of `dialog` that derive from its messages (ascending `n`). */
function deriveDialog(dialog: Dialog, messages: readonly Message[]): void {
  const last = messages[messages.length - 1];
  dialog.lastN = last?.n ?? 0;
  dialog.lastMessage = last ? previewOf(last) : null;
  dialog.lastActivityAt = last?.createdAt ?? dialog.createdAt;
  dialog.clientMessageCount = messages.reduce((n, m) => n + (m.kind !== 'event' && m.author.kind === 'client' ? 1 : 0), 0);
  let openedAt = dialog.createdAt;
  for (let i = messages.length - 1; i >= 0; i--) {
    const t = messages[i]!.event?.type;
    if (t === 'opened' || t === 'reopened') {
      openedAt = messages[i]!.createdAt;
      break;
    }
  }
  dialog.openedAt = openedAt;
  const w = waitingIndex(messages, dialog.status);
  dialog.waitingSince = w >= 0 ? messages[w]!.createdAt : null;
}

// ---------------------------------------------------------------------------------------------
// Clients
// ---------------------------------------------------------------------------------------------

function newClient(ctx: Ctx, num: number, lang: Lang, opts: { webchat?: boolean; tags?: ClientTag[]; blocked?: boolean } = {}): ClientDraft {
  const { rng } = ctx;
  const pool = NAMES[lang];
  const visitor = !!opts.webchat && opts.tags === undefined && rng.chance(0.1);
  const company = !visitor && rng.chance(0.05);
  let name: string;
  if (visitor) name = `${VISITOR[lang]} ${rng.int(1000, 9999)}`;
  else if (company) name = rng.pick(COMPANIES[lang]);
  else {
    const female = rng.chance(0.55);
    const [m, f] = rng.pick(pool.last);
    name = `${rng.pick(female ? pool.female : pool.male)} ${female ? f : m}`;
  }
  let tags = opts.tags;
  if (!tags) {
    tags = [];
    if (!rng.chance(0.25)) {
      const count = rng.weighted([[1, 5], [2, 3], [3, 2]] as const);
      const available = [...TAGS];
      for (let i = 0; i < count; i++) {
        const tag = rng.weighted(available.map((e) => [e[0], e[1]] as const));
        available.splice(
          available.findIndex((e) => e[0] === tag),
          1,
        );
        tags.push({ tagId: tag.id, pinned: rng.chance(tag.id === 'tag-vip' ? 0.85 : 0.3) });
      }
    }
  }
  return {
    id: `cl-${String(num).padStart(4, '0')}`,
    name,
    lang,
    tags,
    blocked: !!opts.blocked,
    sourceNull: rng.chance(0.15),
    visitor,
    company,
    dialogs: [],
    reusable: !opts.blocked,
  };
}

function copySource(s: ClientSource): ClientSource {
  const out: ClientSource = { ...s };
  if (s.utm) out.utm = { ...s.utm };
  return out;
}

function finishClient(ctx: Ctx, c: ClientDraft): Client {
  const { rng, now } = ctx;
  const dialogs = [...c.dialogs].sort((a, b) => a.dialog.createdAt - b.dialog.createdAt);
  const first = dialogs[0]?.dialog;
  const firstChannel = first ? channelById(first.channelId) : CHANNELS[0]!;
  const firstContactAt = (first?.createdAt ?? now - 10 * DAY) - (rng.chance(0.3) ? rng.int(1, 60) * DAY : 0);
  const parts = c.name.split(' ');
  const handleBase = c.visitor || c.company ? `${slug(c.name)}${rng.digits(2)}` : `${slug(parts[0] ?? '')}.${slug(parts.slice(1).join(''))}`;

  const contacts: ClientContact[] = [];
  for (const { dialog, detached } of dialogs) {
    // H5: the detached chat is no longer linked from the client card.
    if (detached || contacts.some((x) => x.channelId === dialog.channelId)) continue;
    const ch = channelById(dialog.channelId);
    let handle: string;
    switch (ch.kind) {
      case 'webchat':
        handle = c.visitor ? `visitor-${rng.digits(5)}` : `${handleBase}@${rng.pick(MAIL_DOMAINS[c.lang])}`;
        break;
      case 'telegram':
        handle = `@${handleBase.replace('.', '_')}${rng.chance(0.4) ? rng.digits(2) : ''}`;
        break;
      case 'vk':
        handle = `vk.com/id${rng.int(1_000_000, 899_999_999)}`;
        break;
      default:
        handle = PHONE[c.lang](rng);
    }
    contacts.push({ channelId: ch.id, handle });
  }

  let source: ClientSource | null = null;
  if (!c.sourceNull) {
    source = { channelId: firstChannel.id, firstContactAt };
    const camp = rng.chance(0.6) ? rng.pick(CAMPAIGNS[c.lang]) : undefined;
    if (camp) source.campaign = camp.campaign;
    if (firstChannel.kind === 'webchat') {
      const organic = !camp;
      source.utm = organic
        ? { source: 'google', medium: 'organic' }
        : { source: rng.pick(['google', 'instagram', 'newsletter', 'yandex']), medium: rng.pick(['cpc', 'social', 'email']), campaign: camp.utm };
      if (rng.chance(0.3)) source.utm.content = rng.pick(['banner_top', 'story', 'footer_link']);
      source.referrer = rng.pick(REFERRERS);
      source.landingPage = rng.pick(LANDING_PAGES[c.lang]);
    } else if (camp) {
      source.utm = { source: firstChannel.kind, medium: 'messenger', campaign: camp.utm };
    }
  }

  let analytics: ClientAnalytics | null = null;
  const web = dialogs.filter((d) => channelById(d.dialog.channelId).kind === 'webchat');
  if (web.length > 0) {
    const visits = rng.int(1, 25);
    const lastWeb = web[web.length - 1]!.dialog;
    analytics = {
      visits,
      pageViews: visits * rng.int(2, 9),
      lastVisitAt: Math.max(firstContactAt, lastWeb.lastActivityAt - rng.int(1, 30) * MIN),
      device: rng.pick(DEVICES),
      location: rng.pick(LOCATIONS[c.lang]),
    };
  }

  const orders: Order[] = [];
  const orderCount = rng.weighted([[0, 4], [1, 3], [2, 2], [3, 1]] as const);
  const hadBot = dialogs.some((d) => d.dialog.assignee?.kind === 'bot');
  for (let i = 0; i < orderCount; i++) {
    const createdAt = rng.int(firstContactAt, now - MIN);
    const age = now - createdAt;
    const status = age > 10 * DAY ? 'complete' : age > 4 * DAY ? rng.pick(['shipped', 'complete']) : rng.pick(ORDER_STATUSES);
    const currency = CURRENCY[c.lang];
    const total = currency === 'RUB' ? rng.int(9, 900) * 100 : rng.int(1_500, 90_000) / 100;
    const byBot = rng.chance(hadBot ? 0.5 : 0.12);
    const order: Order = {
      id: `ord-${ctx.orderSeq.n}`,
      number: `${ctx.orderSeq.n}A`,
      status,
      total,
      currency,
      createdAt,
      createdByBot: byBot,
    };
    ctx.orderSeq.n++;
    // C2: orders the bot created carry the source.
    if (byBot) order.source = source ? copySource(source) : { channelId: firstChannel.id, firstContactAt };
    orders.push(order);
  }
  orders.sort((a, b) => a.createdAt - b.createdAt);

  return { id: c.id, name: c.name, contacts, tags: c.tags, source, analytics, blocked: c.blocked, orders };
}

// ---------------------------------------------------------------------------------------------
// The seed
// ---------------------------------------------------------------------------------------------

type SpecInput = Omit<DialogSpec, 'num' | 'id' | 'client' | 'channel' | 'attachRate' | 'attachMax' | 'initial' | 'waitMs' | 'endAgoMs' | 'sessions'> & {
  channel: Id;
  initial?: Assignee | null;
  waitMs?: number;
  endAgoMs?: number;
  sessions?: number;
  attachRate?: number;
  attachMax?: number;
  clientTags?: ClientTag[];
  /** Reuse the client of this earlier special dialog number. */
  sameClientAs?: number;
};

/** The well-known dialogs (SEED_IDS), in order; numbers 1..17. */
const SPECIALS: SpecInput[] = [
  // 1 waitingDialog
  { channel: 'ch-telegram', lang: 'es', topic: 'delivery', final: op('op-maria'), status: 'open', ending: 'waiting', waitMs: 47 * MIN, size: 9, clientTags: [{ tagId: 'tag-vip', pinned: true }, { tagId: 'tag-urgent', pinned: false }] },
  // 2 freshWaitingDialog
  { channel: 'ch-whatsapp', lang: 'en', topic: 'product', final: op('op-admin'), status: 'open', ending: 'waiting', waitMs: 4 * MIN, size: 5, clientTags: [{ tagId: 'tag-new', pinned: false }] },
  // 3 closedDialog
  { channel: 'ch-whatsapp', lang: 'es', topic: 'return', final: op('op-maria'), status: 'closed', ending: 'thanks', endAgoMs: 2 * DAY, size: 14, sessions: 2, longText: true, clientTags: [{ tagId: 'tag-return', pinned: true }] },
  // 4 ivanDialog (marked unread by the administrator)
  { channel: 'ch-telegram', lang: 'ru', topic: 'wholesale', final: op('op-ivan'), status: 'open', ending: 'answered', endAgoMs: 35 * MIN, size: 18, sessions: 2, clientTags: [{ tagId: 'tag-opt', pinned: true }, { tagId: 'tag-b2b', pinned: false }] },
  // 5 reassignedDialog
  { channel: 'ch-site', lang: 'en', topic: 'payment', initial: op('op-ivan'), final: op('op-maria'), reassignBy: authorOf(op('op-admin')), status: 'open', ending: 'answered', endAgoMs: 3 * HOUR, size: 16, sessions: 2, clientTags: [] },
  // 6 closedReassignedDialog
  { channel: 'ch-landing', lang: 'ru', topic: 'delivery', initial: op('op-john'), final: op('op-ivan'), reassignAfterClose: true, status: 'closed', ending: 'thanks', endAgoMs: 26 * HOUR, size: 10, clientTags: [{ tagId: 'tag-delivery', pinned: false }] },
  // 7 blockedDialog
  { channel: 'ch-vk', lang: 'ru', topic: 'payment', final: op('op-admin'), status: 'open', ending: 'answered', endAgoMs: 5 * HOUR, size: 10, blocked: true, clientTags: [{ tagId: 'tag-complaint', pinned: true }] },
  // 8 detachedDialog
  { channel: 'ch-telegram', lang: 'en', topic: 'product', final: op('op-maria'), status: 'open', ending: 'answered', endAgoMs: 2 * DAY, size: 8, detached: true, clientTags: [] },
  // 9 leftDialog
  { channel: 'ch-site', lang: 'es', topic: 'product', final: op('op-ivan'), status: 'open', ending: 'answered', endAgoMs: 12 * MIN, size: 7, left: true, clientTags: [{ tagId: 'tag-discount', pinned: false }] },
  // 10 brokenDialog
  { channel: 'ch-broken', lang: 'ru', topic: 'delivery', final: op('op-maria'), status: 'open', ending: 'answered', endAgoMs: 25 * MIN, size: 9, clientTags: [] },
  // 11 botDialog
  { channel: 'ch-site', lang: 'es', topic: 'product', final: BOT, status: 'open', ending: 'answered', endAgoMs: 8 * MIN, size: 6, clientTags: [{ tagId: 'tag-new', pinned: true }] },
  // 12 unassignedDialog
  { channel: 'ch-landing', lang: 'en', topic: 'product', initial: null, final: null, status: 'open', ending: 'waiting', waitMs: 9 * MIN, size: 2, clientTags: [] },
  // 13 johnDialog
  { channel: 'ch-vk', lang: 'ru', topic: 'wholesale', final: op('op-john'), status: 'open', ending: 'waiting', waitMs: 5 * HOUR, size: 7, clientTags: [{ tagId: 'tag-callback', pinned: true }] },
  // 14 longDialog
  { channel: 'ch-whatsapp', lang: 'es', topic: 'wholesale', final: op('op-maria'), status: 'open', ending: 'answered', endAgoMs: 50 * MIN, size: 2880, sessions: 60, clientTags: [{ tagId: 'tag-wholesale', pinned: true }, { tagId: 'tag-loyal', pinned: true }, { tagId: 'tag-vip', pinned: false }] },
  // 15 attachmentsDialog
  { channel: 'ch-telegram', lang: 'en', topic: 'return', final: op('op-admin'), status: 'open', ending: 'answered', endAgoMs: 90 * MIN, size: 100, sessions: 6, attachRate: 0.95, attachMax: 2, clientTags: [{ tagId: 'tag-return', pinned: false }] },
  // 16, 17 multiDialogs: one client, two channels
  { channel: 'ch-whatsapp', lang: 'en', topic: 'wholesale', final: op('op-ivan'), status: 'closed', ending: 'thanks', endAgoMs: 9 * DAY, size: 8, clientTags: [{ tagId: 'tag-b2b', pinned: true }, { tagId: 'tag-wholesale', pinned: true }] },
  { channel: 'ch-site', lang: 'en', topic: 'wholesale', final: op('op-maria'), status: 'open', ending: 'answered', endAgoMs: 6 * HOUR, size: 6, sameClientAs: 16 },
];

/** How many well-known dialogs come first (17). */
export const SEED_SPECIAL_DIALOGS = SPECIALS.length;

const CHANNEL_WEIGHTS: ReadonlyArray<readonly [Id, number]> = [
  ['ch-site', 25],
  ['ch-landing', 10],
  ['ch-telegram', 22],
  ['ch-whatsapp', 20],
  ['ch-vk', 14],
  ['ch-broken', 9],
];
const OPERATOR_WEIGHTS: ReadonlyArray<readonly [Id, number]> = [
  ['op-admin', 20],
  ['op-maria', 28],
  ['op-ivan', 28],
  ['op-john', 24],
];

function waitTime(rng: Rng): number {
  const r = rng.float();
  if (r < 0.3) return rng.int(2 * MIN, 14 * MIN);
  if (r < 0.75) return rng.int(16 * MIN, 4 * HOUR);
  return rng.int(4 * HOUR, 3 * DAY);
}

/**
 * Creates the demo data. Deterministic: the same options give deep-equal results.
 * Default: 300 dialogs (~9,000 messages), seed 1, `now` = `Date.now()`.
 */
export function createSeed(options: SeedOptions = {}): SeedData {
  const now = options.now ?? Date.now();
  const total = Math.max(0, Math.floor(options.dialogs ?? SEED_DEFAULT_DIALOGS));
  const rng = new Rng(options.seed ?? 1);
  const [rawMin, rawMax] = options.messagesPerDialog ?? [3, 40];
  const minSize = Math.max(1, Math.floor(rawMin));
  const maxSize = Math.max(minSize, Math.floor(rawMax));
  const ctx: Ctx = { rng, now, orderSeq: { n: 10_234 } };

  const clients: ClientDraft[] = [];
  const dialogs: Dialog[] = [];
  const messages: Message[] = [];
  const leftDialogs: Id[] = [];
  const clientOfSpecial = new Map<number, ClientDraft>();

  const addClient = (lang: Lang, opts: Parameters<typeof newClient>[3]): ClientDraft => {
    const c = newClient(ctx, clients.length + 1, lang, opts);
    clients.push(c);
    return c;
  };
  const emit = (spec: DialogSpec): void => {
    const { dialog, messages: ms } = generateDialog(ctx, spec);
    dialogs.push(dialog);
    for (const m of ms) messages.push(m);
    spec.client.dialogs.push({ dialog, detached: !!spec.detached });
    if (spec.left) leftDialogs.push(dialog.id);
  };

  // Features of ordinary dialogs, placed at random positions: a second blocked client, two more
  // detached dialogs, two more left web chats and a few long histories.
  const ordinary = Array.from({ length: Math.max(0, total - SPECIALS.length) }, (_, i) => SPECIALS.length + 1 + i);
  const picks = rng.shuffle([...ordinary]);
  const featureOf = new Map<number, 'blocked' | 'detached' | 'left' | 'long'>();
  (['blocked', 'detached', 'detached', 'left', 'left', 'long', 'long', 'long', 'long'] as const).forEach((f, i) => {
    const num = picks[i];
    if (num !== undefined) featureOf.set(num, f);
  });

  for (let num = 1; num <= total; num++) {
    const id = `dlg-${String(num).padStart(4, '0')}`;
    const special = SPECIALS[num - 1];
    if (special) {
      const reuse = special.sameClientAs !== undefined ? clientOfSpecial.get(special.sameClientAs) : undefined;
      const client =
        reuse ??
        addClient(special.lang, {
          webchat: channelById(special.channel).kind === 'webchat',
          ...(special.clientTags ? { tags: special.clientTags.map((t) => ({ ...t })) } : {}),
          blocked: !!special.blocked,
        });
      if (special.detached || special.blocked || special.sameClientAs !== undefined) client.reusable = false;
      clientOfSpecial.set(num, client);
      const initial = special.initial === undefined ? special.final : special.initial;
      emit({
        ...special,
        num,
        id,
        channel: channelById(special.channel),
        client,
        initial,
        waitMs: special.waitMs ?? 0,
        endAgoMs: special.endAgoMs ?? 0,
        sessions: special.sessions ?? 1,
        attachRate: special.attachRate ?? 0.05,
        attachMax: special.attachMax ?? 1,
      });
      continue;
    }

    const feature = featureOf.get(num);
    let channelId = rng.weighted(CHANNEL_WEIGHTS);
    if (feature === 'left') channelId = rng.chance(0.6) ? 'ch-site' : 'ch-landing';
    const channel = channelById(channelId);

    // Assignee: ~10% bot, ~10% nobody, the rest operators.
    const r = rng.float();
    let final: Assignee | null = r < 0.1 ? BOT : r < 0.2 ? null : op(rng.weighted(OPERATOR_WEIGHTS));
    if (feature && final?.kind !== 'operator') final = op(rng.weighted(OPERATOR_WEIGHTS));

    let status: DialogStatus = final === null ? 'open' : rng.chance(0.3) ? 'closed' : 'open';
    if (feature === 'left') status = 'open';
    let ending: Ending;
    if (final === null) ending = 'waiting';
    else if (status === 'closed') ending = rng.chance(0.5) ? 'thanks' : 'answered';
    else ending = rng.chance(final.kind === 'bot' ? 0.05 : 0.27) ? 'waiting' : 'answered';
    if (feature === 'left' || feature === 'blocked' || feature === 'detached') ending = 'answered';

    let size = minSize + Math.floor((maxSize - minSize + 1) * rng.float() ** 1.6);
    if (final === null) size = Math.min(size, rng.int(1, 4));
    if (feature === 'long') size = rng.int(80, 250);
    size = Math.max(1, Math.min(size, feature === 'long' ? 250 : maxSize));
    const sessions = size < 8 ? 1 : 1 + rng.int(0, Math.min(4, Math.floor(size / 8)));

    let initial: Assignee | null = final;
    let reassignBy: Author | undefined;
    if (final?.kind === 'operator' && !feature) {
      const finalId = final.id;
      const p = rng.float();
      if (p < 0.15) initial = BOT;
      else if (p < 0.25) {
        const others = OPERATORS.filter((o) => o.id !== finalId);
        const prev = rng.pick(others).id;
        initial = op(prev);
        reassignBy = authorOf(rng.chance(0.5) ? op('op-admin') : op(prev));
      }
    }

    // Language follows the channel's audience; some clients come back from another channel.
    const lang: Lang = channel.id === 'ch-vk' ? (rng.chance(0.85) ? 'ru' : 'en') : rng.weighted([['es', 45], ['en', 30], ['ru', 25]] as const);
    let client: ClientDraft | undefined;
    if (!feature && rng.chance(0.09)) {
      const candidates = clients.filter((c) => c.reusable && c.dialogs.length === 1 && c.dialogs[0]!.dialog.channelId !== channel.id);
      if (candidates.length > 0) client = rng.pick(candidates);
    }
    if (client) client.reusable = false;
    else {
      client = addClient(lang, { webchat: channel.kind === 'webchat', blocked: feature === 'blocked' });
      if (feature === 'blocked' || feature === 'detached') client.reusable = false;
    }

    const spec: DialogSpec = {
      num,
      id,
      channel,
      client,
      lang: client.lang,
      topic: rng.pick(TOPICS),
      initial,
      final,
      status,
      ending,
      waitMs: waitTime(rng),
      endAgoMs: status === 'closed' ? rng.int(HOUR, 28 * DAY) : rng.int(5 * MIN, 5 * MIN + Math.floor(4 * DAY * rng.float() ** 2)),
      size,
      sessions,
      attachRate: 0.05,
      attachMax: rng.chance(0.2) ? 3 : 1,
    };
    if (reassignBy) spec.reassignBy = reassignBy;
    if (feature === 'blocked') spec.blocked = true;
    if (feature === 'detached') spec.detached = true;
    if (feature === 'left') {
      spec.left = true;
      spec.endAgoMs = rng.int(5 * MIN, 3 * HOUR);
    }
    if (status === 'closed' && final?.kind === 'operator' && rng.chance(0.15)) spec.closedBy = authorOf(op('op-admin'));
    emit(spec);
  }

  // A few old attachments expired (unavailable), one of them in the attachments dialog.
  const expirable: Attachment[] = [];
  let firstOfAttachmentsDialog: Attachment | undefined;
  for (const m of messages) {
    if (m.attachments.length === 0) continue;
    if (m.dialogId === SEED_IDS.attachmentsDialog) firstOfAttachmentsDialog ??= m.attachments[0];
    else if (m.createdAt < now - 14 * DAY) expirable.push(...m.attachments);
  }
  const expired = rng.shuffle(expirable).slice(0, 2);
  if (firstOfAttachmentsDialog) expired.push(firstOfAttachmentsDialog);
  for (const a of expired) {
    a.available = false;
    a.unavailableReason = 'expired';
    a.url = '';
    delete a.thumbUrl;
  }

  const finishedClients = clients.map((c) => finishClient(ctx, c));

  // L1/H3: what each operator has read of the dialogs they see.
  const readStates: SeedData['readStates'] = [];
  for (const o of OPERATORS) {
    for (const d of dialogs) {
      if (!canSeeDialog(o, d)) continue;
      let unread = 0;
      if (d.assignee === null) unread = rng.chance(0.7) ? d.clientMessageCount : 0;
      else if (d.waitingSince !== null) unread = rng.chance(0.55) ? rng.int(1, 5) : 0;
      else if (rng.chance(0.06)) unread = rng.int(1, 5);
      const state: ReadState & { operatorId: Id } = {
        operatorId: o.id,
        dialogId: d.id,
        readClientCount: Math.max(0, d.clientMessageCount - unread),
        markedUnread: false,
      };
      // H3: marked unread for one operator only.
      if ((o.id === SEED_IDS.admin && d.id === SEED_IDS.markedUnreadDialog) || (o.id === SEED_IDS.maria && d.id === SEED_IDS.botDialog)) {
        state.readClientCount = d.clientMessageCount;
        state.markedUnread = true;
      }
      if (o.id === SEED_IDS.ivan && d.id === SEED_IDS.markedUnreadDialog) state.readClientCount = d.clientMessageCount;
      readStates.push(state);
    }
  }

  const quickReplies: QuickReply[] = [
    { id: 'qr-1', title: 'Saludo', text: '¡Hola! Gracias por escribirnos. ¿En qué podemos ayudarte?', createdBy: 'op-maria', createdAt: now - 20 * DAY },
    { id: 'qr-2', title: 'Greeting', text: 'Hi! Thanks for reaching out. How can I help you today?', createdBy: 'op-admin', createdAt: now - 19 * DAY },
    { id: 'qr-3', title: 'Plazos de envío', text: 'Los pedidos se envían en 24-48 h laborables. Recibirás el número de seguimiento por correo electrónico.', createdBy: 'op-maria', createdAt: now - 12 * DAY },
    { id: 'qr-4', title: 'Returns policy', text: 'You can return any item within 30 days of delivery. I will email you a prepaid return label.', createdBy: 'op-john', createdAt: now - 8 * DAY },
    { id: 'qr-5', title: 'Despedida', text: 'Gracias por tu paciencia. Si necesitas algo más, aquí estamos. ¡Buen día!', createdBy: 'op-admin', createdAt: now - 3 * DAY },
  ];

  return {
    operators: OPERATORS.map((o) => ({ ...o, rights: { ...o.rights } })),
    bots: BOTS.map((b) => ({ ...b })),
    channels: CHANNELS.map((c) => ({
      ...c,
      capabilities: { ...c.capabilities, attachments: { ...c.capabilities.attachments, types: [...c.capabilities.attachments.types] } },
    })),
    simulation: Object.fromEntries(Object.entries(SIMULATION).map(([k, v]) => [k, { ...v }])),
    tags: TAGS.map(([t]) => ({ ...t })),
    clients: finishedClients,
    dialogs,
    messages,
    readStates,
    quickReplies,
    settings: { responseTimeLimitMs: 15 * MIN },
    leftDialogs,
  };
}
