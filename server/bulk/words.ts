/** The bulk seed's words: names, message lines, cities, devices, campaigns, files, extra operators. */
import type { Author, Operator } from '../../sdk/model.js';

export type Lang = 'es' | 'en' | 'ru';
export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;
export const YEAR = 365 * DAY;

export const FIRST: Record<Lang, string[]> = {
  es: ['Lucía', 'Mateo', 'Sofía', 'Hugo', 'Martina', 'Pablo', 'Valeria', 'Daniel', 'Carmen', 'Álvaro', 'Elena', 'Javier', 'Paula', 'Diego', 'Irene', 'Sergio', 'Nuria', 'Raúl', 'Alba', 'Marcos'],
  en: ['Emma', 'Liam', 'Olivia', 'Noah', 'Ava', 'James', 'Mia', 'Lucas', 'Grace', 'Henry', 'Chloe', 'Jack', 'Ella', 'Owen', 'Ruby', 'Leo', 'Zoe', 'Ethan', 'Lily', 'Adam'],
  ru: [
    'Анна',
    'Дмитрий',
    'Мария',
    'Алексей',
    'Ольга',
    'Сергей',
    'Екатерина',
    'Михаил',
    'Наталья',
    'Андрей',
    'Татьяна',
    'Павел',
    'Ирина',
    'Николай',
    'Юлия',
    'Артём',
    'Светлана',
    'Кирилл',
    'Елена',
    'Максим',
  ],
};
export const LAST: Record<Lang, string[]> = {
  es: ['García', 'Martínez', 'López', 'Sánchez', 'Pérez', 'Gómez', 'Fernández', 'Ruiz', 'Díaz', 'Moreno', 'Muñoz', 'Álvarez', 'Romero', 'Navarro', 'Torres', 'Domínguez'],
  en: ['Smith', 'Johnson', 'Brown', 'Taylor', 'Wilson', 'Davies', 'Evans', 'Thomas', 'Roberts', 'Walker', 'Wright', 'Hughes', 'Clarke', 'Hall', 'Green', 'Baker'],
  ru: ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров', 'Морозов', 'Волков', 'Лебедев', 'Козлов', 'Егоров', 'Павлов', 'Орлов'],
};
/** Lines a client writes, by language; `{o}` is an order number. */
export const CLIENT_LINES: Record<Lang, string[]> = {
  es: [
    'Hola, ¿dónde está mi pedido {o}?',
    '¿Cuánto tarda el envío a Valencia?',
    'Quiero devolver una talla, me queda pequeña.',
    '¿Tenéis este modelo en azul?',
    'El pago con tarjeta me da error.',
    'Me ha llegado el paquete dañado 😕',
    '¿Hacéis descuento por compras al por mayor?',
    'Gracias, ya lo tengo todo.',
    '¿Puedo cambiar la dirección de entrega del pedido {o}?',
    'Perfecto, muchas gracias por la ayuda 🙏',
  ],
  en: [
    'Hi, where is my order {o}?',
    'How long does shipping to Leeds take?',
    'I would like to return a jacket, it is too small.',
    'Do you have this model in black?',
    'My card payment keeps failing.',
    'The parcel arrived damaged 😕',
    'Do you offer wholesale prices?',
    'Thanks, all sorted now.',
    'Can I change the delivery address of order {o}?',
    'Great, thank you so much!',
  ],
  ru: [
    'Здравствуйте, где мой заказ {o}?',
    'Сколько идёт доставка в Казань?',
    'Хочу вернуть куртку, не подошёл размер.',
    'Есть ли эта модель в чёрном цвете?',
    'Не проходит оплата картой.',
    'Посылка пришла повреждённой 😕',
    'Есть ли оптовые цены?',
    'Спасибо, всё получил.',
    'Можно изменить адрес доставки заказа {o}?',
    'Отлично, спасибо за помощь!',
  ],
};
export const OPERATOR_LINES: Record<Lang, string[]> = {
  es: [
    '¡Hola! Ahora mismo lo compruebo.',
    'Tu pedido {o} salió ayer; llegará en 24-48 h.',
    'Te envío la etiqueta de devolución por correo.',
    'Sí, lo tenemos en azul en todas las tallas.',
    'Prueba de nuevo, por favor; ya está resuelto.',
    'Lo siento mucho, te enviamos uno nuevo sin coste.',
    'Para pedidos de más de 50 unidades hay un 15 % de descuento.',
    '¡A ti! Que tengas un buen día.',
  ],
  en: [
    'Hi! Let me check that for you.',
    'Your order {o} shipped yesterday; it arrives in 1-2 days.',
    'I will email you a prepaid return label.',
    'Yes, it is in stock in every size.',
    'Please try again; the issue is fixed now.',
    'So sorry about that, we are sending a new one free of charge.',
    'Orders of 50 units or more get 15% off.',
    'You are welcome! Have a nice day.',
  ],
  ru: [
    'Здравствуйте! Сейчас проверю.',
    'Заказ {o} отправлен вчера, доставка 1–2 дня.',
    'Пришлю вам этикетку для возврата на почту.',
    'Да, есть во всех размерах.',
    'Попробуйте ещё раз, проблема исправлена.',
    'Очень жаль, отправим новый бесплатно.',
    'На заказы от 50 штук скидка 15 %.',
    'Пожалуйста! Хорошего дня.',
  ],
};
export const CITIES: Record<Lang, string[]> = {
  es: ['Madrid', 'Barcelona', 'Valencia', 'Sevilla', 'Bilbao', 'Málaga'],
  en: ['London', 'Manchester', 'Leeds', 'Bristol', 'New York', 'Toronto'],
  ru: ['Москва', 'Санкт-Петербург', 'Казань', 'Екатеринбург', 'Новосибирск'],
};
export const DEVICES = ['Chrome · Windows 11', 'Safari · iPhone', 'Firefox · Ubuntu', 'Chrome · Android', 'Edge · Windows 10', 'Safari · macOS'];
export const CAMPAIGNS = ['summer_sale', 'black_friday', 'new_collection', 'retargeting', 'newsletter'];
export const FILE_NAMES = ['invoice.pdf', 'photo.jpg', 'receipt.pdf', 'size-chart.png', 'return-label.pdf'];

export const SYSTEM: Author = { kind: 'system', id: '' };

/** More operators than the demo's four: a support team of twelve. */
export const EXTRA_OPERATORS: Operator[] = [
  ['op-g01', 'Laura Jiménez'],
  ['op-g02', 'Oliver Hughes'],
  ['op-g03', 'Ольга Соколова'],
  ['op-g04', 'Carlos Ortega'],
  ['op-g05', 'Priya Shah'],
  ['op-g06', 'Марк Белов'],
  ['op-g07', 'Inés Castro'],
  ['op-g08', 'Tom Fischer'],
].map(([id, name], i) => ({ id: id!, name: name!, role: 'operator' as const, rights: { deleteDialogs: i % 3 === 0 }, online: i % 2 === 0 }));
