/**
 * The demo's words: message texts by language and topic, names, companies, places, devices,
 * campaigns, file names; and small helpers over them. Browser-safe.
 */
import type { Assignee, Author, Channel, Id, SystemEvent } from '../../sdk/model.js';
import { Rng } from './random.js';
import { CHANNELS } from './world.js';

export type Lang = 'es' | 'en' | 'ru';
export type Topic = 'delivery' | 'return' | 'wholesale' | 'payment' | 'product';
export const TOPICS: Topic[] = ['delivery', 'return', 'wholesale', 'payment', 'product'];

export interface TopicText {
  ask: string[];
  more: string[];
  answer: string[];
}

export interface LangText {
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

export const TEXT: Record<Lang, LangText> = {
  es: {
    hello: ['Hola', 'Buenas tardes', 'Hola, buenos días', '¡Hola!', 'Buenas'],
    topics: {
      delivery: {
        ask: ['¿Cuándo llegará mi pedido {order}? Lo hice el lunes.', '¿Hacéis envíos a Canarias?', 'Mi paquete pone «en reparto» desde hace tres días, ¿qué pasa?'],
        more: ['¿Me podéis pasar el número de seguimiento?', 'Es que lo necesito antes del viernes.', '¿Y si no estoy en casa cuando venga el mensajero?'],
        answer: [
          'Tu pedido {order} salió ayer del almacén; debería llegar en 24-48 h.',
          'Sí, enviamos a Canarias; el plazo es de 5 a 7 días laborables.',
          'Te paso el seguimiento: ES{track}. Si en 48 h no se mueve, abrimos incidencia con la agencia.',
        ],
      },
      return: {
        ask: ['Quiero devolver unas zapatillas, me quedan pequeñas.', 'El producto llegó roto, ¿cómo hago la devolución?', '¿Puedo cambiar la talla de la chaqueta?'],
        more: ['¿Tengo que pagar yo el envío de vuelta?', 'Ya no tengo la caja original, ¿pasa algo?', 'Te mando foto de cómo llegó.'],
        answer: [
          'Sin problema: tienes 30 días para devolverlo. Te envío la etiqueta por correo.',
          'Lo sentimos mucho. Te enviamos uno nuevo sin coste y recogemos el dañado.',
          'Claro, el cambio de talla es gratuito. ¿Qué talla necesitas?',
        ],
      },
      wholesale: {
        ask: ['Somos una tienda en Valencia, ¿tenéis precios para mayoristas?', '¿Cuál es el pedido mínimo para distribuidores?', 'Necesitaría 200 unidades del modelo azul, ¿hay stock?'],
        more: ['¿Podéis facturar a nombre de empresa?', '¿El transporte va incluido a partir de cierto importe?', 'Perfecto, ¿me enviáis el catálogo en PDF?'],
        answer: [
          'Sí, a partir de 50 unidades aplicamos un 25 % de descuento.',
          'El pedido mínimo es de 300 € sin IVA; el envío es gratis a partir de 600 €.',
          'Te preparo la tarifa mayorista actualizada.',
        ],
      },
      payment: {
        ask: ['Me han cobrado dos veces el pedido {order}.', '¿Se puede pagar con Bizum?', 'El pago con tarjeta me da error.'],
        more: ['¿Cuándo me devolvéis el dinero?', 'Ya lo he intentado con otra tarjeta y nada.', '¿Y a plazos?'],
        answer: [
          'Veo el doble cargo: el segundo es una preautorización y se libera en 3-5 días.',
          'Aceptamos tarjeta, PayPal y Bizum.',
          'Prueba de nuevo, por favor; había una incidencia con la pasarela y ya está resuelta.',
        ],
      },
      product: {
        ask: ['¿Esta mochila es impermeable?', '¿Tenéis la camiseta en talla XL?', '¿Qué diferencia hay entre el modelo Pro y el normal?'],
        more: ['¿Y en color verde?', '¿Cuánto pesa?', '¿Tiene garantía?'],
        answer: [
          'Sí, es resistente al agua (IPX4), aunque no sumergible.',
          'Ahora mismo solo quedan tallas S y M; la XL vuelve la semana que viene.',
          'El Pro lleva batería de mayor capacidad y funda incluida.',
        ],
      },
    },
    followUp: ['Vale, gracias', '¿Hola? ¿Sigue alguien ahí?', 'Perfecto', 'Entendido', 'Ok', '¿Me confirmáis, por favor?', 'Una cosa más'],
    thanks: ['¡Muchas gracias!', 'Genial, gracias por todo 😊', 'Perfecto, gracias. Un saludo.'],
    opHello: ['¡Hola! Soy {op}, te ayudo ahora mismo.', 'Buenas, gracias por escribirnos.', 'Hola, un momento que lo reviso.'],
    opGeneric: ['Lo estoy comprobando, dame un minuto.', 'De acuerdo, lo anoto en tu pedido.', '¿Me confirmas tu correo electrónico?', 'Te lo he enviado por email.'],
    opBye: ['Gracias a ti. ¡Que tengas un buen día!', 'Cualquier otra cosa, aquí estamos.'],
    bot: [
      '¡Hola! Soy el asistente virtual. Elige una opción:\n1) Estado del pedido\n2) Devoluciones\n3) Hablar con una persona',
      'He encontrado tu pedido {order}: está en preparación.',
      'Puedo ayudarte con pedidos, envíos y devoluciones.',
      'He creado tu pedido {order}. Te llegará un correo de confirmación.',
    ],
    botHandoff: ['Te paso con un compañero del equipo, un momento por favor.'],
    captions: ['Así llegó', 'Te adjunto la foto', 'Aquí está el justificante'],
    opCaptions: ['Te adjunto la factura', 'Aquí tienes el catálogo'],
    rude: ['¡¡Sois unos estafadores, os voy a denunciar!!', 'No pienso esperar más, contestad YA'],
    opWarn: ['Le pedimos que mantenga un tono respetuoso, por favor.'],
    leftOp: ['¿Sigues ahí? Te he enviado el enlace de seguimiento.', 'Te dejo aquí la información por si vuelves.'],
    longText: 'Os escribo por el último pedido. Lo hice hace dos semanas, pagué el envío urgente y me dijeron que llegaría en 24 horas. ',
  },
  en: {
    hello: ['Hi', 'Hello there', 'Good morning', 'Hey!', 'Hi, quick question'],
    topics: {
      delivery: {
        ask: ['When will my order {order} arrive? I placed it on Monday.', 'Do you ship to Ireland?', 'My parcel has said "out for delivery" for three days now.'],
        more: ['Could you send me the tracking number?', 'I really need it before Friday.', 'What happens if I am not at home?'],
        answer: [
          'Your order {order} left the warehouse yesterday; it should arrive within 1-2 working days.',
          'Yes, we ship to Ireland: 3-5 working days.',
          'Here is your tracking: GB{track}. If it does not move within 48 h we will open a claim.',
        ],
      },
      return: {
        ask: ['I would like to return a pair of trainers, they are too small.', 'The item arrived broken. How do I return it?', 'Can I exchange the jacket for a bigger size?'],
        more: ['Do I pay for the return shipping?', 'I no longer have the original box, is that OK?', 'I am sending you a photo of how it arrived.'],
        answer: [
          'No problem: you have 30 days to return it. I will email you a prepaid label.',
          'So sorry about that! We will send a replacement for free and collect the damaged one.',
          'Sure, size exchanges are free. Which size do you need?',
        ],
      },
      wholesale: {
        ask: ['We run a shop in Leeds. Do you have wholesale prices?', 'What is the minimum order for resellers?', 'I would need 200 units of the blue model. Is there stock?'],
        more: ['Can you invoice a company?', 'Is shipping included above a certain amount?', 'Great, could you send me the catalogue as a PDF?'],
        answer: ['Yes, from 50 units we apply a 25% discount.', 'The minimum order is $350 before tax; shipping is free above $700.', 'I am preparing the updated wholesale price list for you.'],
      },
      payment: {
        ask: ['I was charged twice for order {order}.', 'Can I pay with Apple Pay?', 'My card payment keeps failing.'],
        more: ['When will I get the money back?', 'I tried another card, same thing.', 'Do you offer instalments?'],
        answer: [
          'I can see the double charge: the second one is a pre-authorisation and will be released in 3-5 days.',
          'We accept cards, PayPal and Apple Pay.',
          'Please try again; the payment gateway had an incident and it is fixed now.',
        ],
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
    bot: [
      'Hi! I am the virtual assistant. Choose an option:\n1) Order status\n2) Returns\n3) Talk to a person',
      'I found your order {order}: it is being prepared.',
      'I can help with orders, shipping and returns.',
      'I have created your order {order}. You will get a confirmation email.',
    ],
    botHandoff: ['Let me pass you to a colleague, one moment please.'],
    captions: ['This is how it arrived', 'Photo attached', 'Here is the receipt'],
    opCaptions: ['Here is your invoice', 'Our catalogue, as promised'],
    rude: ['You are scammers and I will report you!!!', 'I am not waiting any longer, answer NOW'],
    opWarn: ['Please keep the conversation respectful.'],
    leftOp: ['Are you still there? I have sent you the tracking link.', 'Leaving the details here in case you come back.'],
    longText: 'I am writing because I am quite upset about my last order. I placed it two weeks ago, paid for express shipping and was told it would arrive within 24 hours. ',
  },
  ru: {
    hello: ['Здравствуйте', 'Добрый день', 'Привет', 'Здравствуйте!', 'Добрый вечер'],
    topics: {
      delivery: {
        ask: ['Когда придёт мой заказ {order}? Оформлен в понедельник.', 'Доставляете в Казань?', 'Посылка уже три дня «передана курьеру», что случилось?'],
        more: ['Пришлите, пожалуйста, трек-номер.', 'Мне нужно до пятницы.', 'А если меня не будет дома?'],
        answer: [
          'Ваш заказ {order} вчера отправлен со склада, доставка 1-2 дня.',
          'Да, доставляем в Казань, срок 3-5 рабочих дней.',
          'Трек-номер: RU{track}. Если за 48 часов статус не изменится, откроем претензию.',
        ],
      },
      return: {
        ask: ['Хочу вернуть кроссовки, не подошёл размер.', 'Товар пришёл сломанным, как оформить возврат?', 'Можно поменять куртку на размер больше?'],
        more: ['Доставку обратно оплачиваю я?', 'Коробки уже нет, это проблема?', 'Отправляю фото, как пришло.'],
        answer: [
          'Без проблем, на возврат есть 30 дней. Пришлю этикетку на почту.',
          'Приносим извинения! Отправим новый бесплатно и заберём повреждённый.',
          'Конечно, обмен размера бесплатный. Какой размер нужен?',
        ],
      },
      wholesale: {
        ask: ['Мы магазин в Екатеринбурге, есть оптовые цены?', 'Какой минимальный заказ для дилеров?', 'Нужно 200 штук синей модели, есть в наличии?'],
        more: ['Можно выставить счёт на юрлицо?', 'Доставка бесплатная от какой суммы?', 'Отлично, пришлите каталог в PDF.'],
        answer: ['Да, от 50 штук скидка 25 %.', 'Минимальный заказ 30 000 ₽, доставка бесплатно от 60 000 ₽.', 'Готовлю для вас актуальный оптовый прайс.'],
      },
      payment: {
        ask: ['С меня дважды списали деньги за заказ {order}.', 'Можно оплатить через СБП?', 'Оплата картой не проходит.'],
        more: ['Когда вернёте деньги?', 'С другой карты тоже не проходит.', 'А рассрочка есть?'],
        answer: [
          'Вижу двойное списание: второе — это блокировка, она снимется через 3-5 дней.',
          'Принимаем карты, СБП и оплату при получении.',
          'Попробуйте ещё раз, пожалуйста: был сбой платёжного шлюза, уже исправили.',
        ],
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
    bot: [
      'Здравствуйте! Я виртуальный помощник. Выберите:\n1) Статус заказа\n2) Возврат\n3) Связаться с оператором',
      'Ваш заказ {order} найден: он собирается.',
      'Я помогу с заказами, доставкой и возвратами.',
      'Заказ {order} оформлен. Подтверждение придёт на почту.',
    ],
    botHandoff: ['Передаю вас оператору, подождите, пожалуйста.'],
    captions: ['Вот так пришло', 'Фото прикладываю', 'Вот чек'],
    opCaptions: ['Счёт во вложении', 'Наш каталог, как обещали'],
    rude: ['Вы мошенники, я на вас пожалуюсь!!!', 'Больше ждать не буду, отвечайте СЕЙЧАС'],
    opWarn: ['Просим вас общаться уважительно.'],
    leftOp: ['Вы ещё здесь? Отправили ссылку для отслеживания.', 'Оставлю информацию здесь, если вернётесь.'],
    longText: 'Пишу по поводу последнего заказа. Он оформлен две недели назад, срочная доставка оплачена, и нам обещали, что он придёт за 24 часа. ',
  },
};

export interface NamePool {
  male: string[];
  female: string[];
  last: Array<readonly [string, string]>; // male form, female form
}

export const NAMES: Record<Lang, NamePool> = {
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

export const COMPANIES: Record<Lang, string[]> = {
  es: ['Distribuciones Levante S.L.', 'Moda Íbera S.A.', 'Papelería Núñez'],
  en: ['Northwind Traders Ltd', 'Bluebell Boutique', 'Harbour & Co'],
  ru: ['ООО «Ромашка»', 'ИП Соколова', 'ТД «Северный»'],
};

export const VISITOR: Record<Lang, string> = { es: 'Visitante', en: 'Visitor', ru: 'Посетитель' };
export const LOCATIONS: Record<Lang, string[]> = {
  es: ['Madrid, España', 'Valencia, España', 'Sevilla, España', 'Bilbao, España', 'Ciudad de México, México'],
  en: ['London, United Kingdom', 'Manchester, United Kingdom', 'Dublin, Ireland', 'New York, United States'],
  ru: ['Москва, Россия', 'Санкт-Петербург, Россия', 'Казань, Россия', 'Екатеринбург, Россия'],
};
export const DEVICES = ['Chrome 126 · Windows 11', 'Safari · iPhone (iOS 17)', 'Firefox 127 · Ubuntu', 'Chrome · Android 14', 'Edge · Windows 10', 'Safari · macOS'];
export const CURRENCY: Record<Lang, string> = { es: 'EUR', en: 'USD', ru: 'RUB' };
export const PHONE: Record<Lang, (r: Rng) => string> = {
  es: (r) => `+34 6${r.digits(2)} ${r.digits(3)} ${r.digits(3)}`,
  en: (r) => `+44 7${r.digits(3)} ${r.digits(6)}`,
  ru: (r) => `+7 9${r.digits(2)} ${r.digits(3)}-${r.digits(2)}-${r.digits(2)}`,
};
export const MAIL_DOMAINS: Record<Lang, string[]> = {
  es: ['gmail.com', 'hotmail.es', 'yahoo.es'],
  en: ['gmail.com', 'outlook.com', 'icloud.com'],
  ru: ['yandex.ru', 'mail.ru', 'gmail.com'],
};
export const CAMPAIGNS: Record<Lang, Array<{ campaign: string; utm: string }>> = {
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
export const REFERRERS = ['https://www.google.com/', 'https://www.instagram.com/', 'https://yandex.ru/', 'https://www.facebook.com/', 'https://duckduckgo.com/'];
export const LANDING_PAGES: Record<Lang, string[]> = {
  es: ['https://shop.example.com/es/ofertas', 'https://shop.example.com/es/mochilas', 'https://shop.example.com/es/envios'],
  en: ['https://shop.example.com/en/sale', 'https://shop.example.com/en/backpacks', 'https://shop.example.com/en/shipping'],
  ru: ['https://shop.example.com/ru/akcii', 'https://shop.example.com/ru/ryukzaki', 'https://shop.example.com/ru/dostavka'],
};
export const ORDER_STATUSES = ['new', 'paid', 'shipped', 'complete'] as const;

export const FILES: Array<{ name: Record<Lang, string>; mime: string; min: number; max: number }> = [
  { name: { es: 'factura-{order}.pdf', en: 'invoice-{order}.pdf', ru: 'счёт-{order}.pdf' }, mime: 'application/pdf', min: 40_000, max: 900_000 },
  { name: { es: 'catalogo-2025.pdf', en: 'catalogue-2025.pdf', ru: 'каталог-2025.pdf' }, mime: 'application/pdf', min: 1_500_000, max: 4_800_000 },
  { name: { es: 'tarifa-mayorista.pdf', en: 'wholesale-prices.pdf', ru: 'прайс-опт.pdf' }, mime: 'application/pdf', min: 200_000, max: 800_000 },
  { name: { es: 'fotos-pedido.zip', en: 'order-photos.zip', ru: 'фото-заказа.zip' }, mime: 'application/zip', min: 2_000_000, max: 14_000_000 },
  { name: { es: 'seguimiento.txt', en: 'tracking.txt', ru: 'трек.txt' }, mime: 'text/plain', min: 200, max: 4_000 },
];

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

export const CYRILLIC: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

/** ASCII handle fragment from a name in any of the three languages. */
export function slug(text: string): string {
  let out = '';
  for (const ch of text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '')) {
    const mapped = CYRILLIC[ch];
    if (mapped !== undefined) out += mapped;
    else if (/[a-z0-9]/.test(ch)) out += ch;
  }
  return out;
}

/** How operators introduce themselves in each language. */
export const OPERATOR_FIRST_NAMES: Record<Id, Record<Lang, string>> = {
  'op-admin': { es: 'Ana', en: 'Ana', ru: 'Анна' },
  'op-maria': { es: 'María', en: 'María', ru: 'Мария' },
  'op-ivan': { es: 'Iván', en: 'Ivan', ru: 'Иван' },
  'op-john': { es: 'John', en: 'John', ru: 'Джон' },
};

export function firstName(op: Id, lang: Lang): string {
  return OPERATOR_FIRST_NAMES[op]?.[lang] ?? op;
}

export function copyAssignee(a: Assignee | null | undefined): Assignee | null {
  return a ? { kind: a.kind, id: a.id } : null;
}

export function copyEvent(e: SystemEvent): SystemEvent {
  const out: SystemEvent = { type: e.type, by: e.by ? { ...e.by } : null };
  if (e.from !== undefined) out.from = copyAssignee(e.from);
  if (e.to !== undefined) out.to = copyAssignee(e.to);
  return out;
}

export function authorOf(a: Assignee): Author {
  return { kind: a.kind, id: a.id };
}

export const SYSTEM: Author = { kind: 'system', id: '' };
export const op = (id: Id): Assignee => ({ kind: 'operator', id });
export const BOT: Assignee = { kind: 'bot', id: 'bot-sales' };

export function channelById(id: Id): Channel {
  const ch = CHANNELS.find((c) => c.id === id);
  if (!ch) throw new Error(`seed: unknown channel ${id}`);
  return ch;
}
