import type { ReasonCatalogue } from './catalogue.ts'
import { counted, highIntent, list } from './en.ts'

const people = {
  one: '{count} человек',
  few: '{count} человека',
  many: '{count} человек',
  other: '{count} человека',
}
const lastDays = {
  one: 'последний {count} день',
  few: 'последние {count} дня',
  many: 'последние {count} дней',
  other: 'последние {count} дня',
}

export const ru: ReasonCatalogue = {
  intentTitles: {
    surge_max: 'Самая сильная тема',
    surging_topics: 'Растущие темы',
    breadth: 'Широта поиска',
    engaged_contacts: 'Вовлечённые люди',
    senior_contacts: 'Руководители',
    committee_coverage: 'Охват комитета',
    high_intent: 'Действия с высоким намерением',
    engagement: 'Вовлечённость',
    recency: 'Давность',
    momentum: 'Динамика',
    fit: 'Соответствие профилю',
  },
  typeTitles: {
    content: 'Прочитанные материалы',
    search: 'Поисковые запросы',
    review: 'Прочитанные отзывы',
    trade_show: 'Контакты на выставках',
    email: 'Взаимодействия по e-mail',
    form: 'Заполненные формы',
    meeting: 'Встречи',
    web_visit: 'Посещения сайта',
  },
  typeNames: {
    content: 'Контент',
    search: 'Поиск',
    review: 'Отзыв',
    trade_show: 'Выставка',
    email: 'Эл. почта',
    form: 'Форма',
    meeting: 'Встреча',
    web_visit: 'Посещение сайта',
  },
  minutesTitle: (type) => `Время (${ru.typeTitles[type].toLowerCase()})`,
  groupTitles: {
    action: 'Действия',
    source: 'Каналы',
    page: 'Страницы',
    first_source: 'Исходный канал',
    first_page: 'Первая страница',
    age_days: 'Дней с первого контакта',
    industry: 'Отрасль',
    size: 'Размер компании',
    revenue: 'Выручка',
    country: 'Страна',
    technologies: 'Технологии',
  },
  roles: {
    decision_maker: 'Лицо, принимающее решение',
    economic_buyer: 'Распорядитель бюджета',
    champion: 'Сторонник',
    technical_evaluator: 'Технический эксперт',
    influencer: 'Советник',
    procurement: 'Закупки',
    end_user: 'Конечный пользователь',
  },
  industries: {
    software: 'Программное обеспечение',
    manufacturing: 'Производство',
    finance: 'Финансы',
    healthcare: 'Здравоохранение',
    retail: 'Розничная торговля',
    logistics: 'Логистика',
    energy: 'Энергетика',
    telecom: 'Телекоммуникации',
    education: 'Образование',
    professional_services: 'Профессиональные услуги',
  },
  effects: { raises: 'повышает оценку', lowers: 'понижает оценку', none: 'не меняет оценку' },
  notRecorded: 'нет данных',
  employees: (band) => `${band} сотрудников`,
  people,
  lastDays,
  highIntentActions: {
    form: 'заполненные формы',
    meeting: 'встречи',
    trade_show: 'контакты на выставках',
    review: 'прочитанные отзывы',
  },
  sentences: {
    'surge_max.none': () => 'Ни одна тема не выше обычного уровня.',
    'surge_max.above': (v, { f }) =>
      `Сильнейшая тема «${v.topic}»: оценка ${f.number(Number(v.surge))}, ${f.plural(people, Number(v.people))}, активность ${f.number(Number(v.ratio), 1)}× от обычной в этом месяце.`,
    'surge_max.new': (v, { f }) =>
      `Сильнейшая тема «${v.topic}»: оценка ${f.number(Number(v.surge))}, ${f.plural(people, Number(v.people))}, раньше активности не было.`,
    'surging_topics.none': () => 'Растущих тем нет.',
    'surging_topics.some': (v, { f }) =>
      `Растущие темы (${f.number(Number(v.count))}): ${list(v.topics).join(', ')}.`,
    'breadth.share': (v, { f }) =>
      `Доля растущих тем среди изучаемых: ${f.percent(Number(v.percent))}.`,
    'engaged_contacts.count': (v, { f }) =>
      `Активных людей за последние три недели: ${f.number(Number(v.count))}.`,
    'senior_contacts.count': (v, { f }) =>
      `Вовлечённых руководителей уровня директора и выше: ${f.number(Number(v.count))}.`,
    'committee_coverage.none': () => 'Никто из закупочного комитета пока не вовлечён.',
    'committee_coverage.some': (v, { f, roles }) =>
      `Закупочный комитет охвачен на ${f.percent(Number(v.percent))}: ${roles(String(v.roles))}.`,
    'high_intent.none': () =>
      'В последнее время нет действий с высоким намерением (формы, встречи, выставки, отзывы).',
    'high_intent.some': (v, { f }) =>
      `Недавние действия с высоким намерением: ${highIntent(v, f.number, ru.highIntentActions)}.`,
    'engagement.value': (v, { f }) =>
      `Вовлечённость: ${f.number(Number(v.value), 1)} прочитанных материалов с учётом затухания.`,
    'recency.none': () => 'Активность пока не зафиксирована.',
    'recency.today': () => 'Последняя активность — меньше суток назад.',
    'recency.days': (v, { f }) =>
      f.plural(
        {
          one: 'Последняя активность — {count} день назад.',
          few: 'Последняя активность — {count} дня назад.',
          many: 'Последняя активность — {count} дней назад.',
          other: 'Последняя активность — {count} дня назад.',
        },
        Number(v.count),
      ),
    'momentum.up': (v, { f }) =>
      `Активность растёт на ${f.percent(Number(v.percent))} от своего среднего в неделю.`,
    'momentum.down': (v, { f }) =>
      `Активность падает на ${f.percent(Number(v.percent))} от своего среднего в неделю.`,
    'fit.none': () => 'Профиль идеального клиента не настроен.',
    'fit.grade': (v) =>
      [
        `Соответствие профилю: ${v.grade}.`,
        list(v.matched).length > 0 && `Совпадает: ${list(v.matched).join(', ')}.`,
        list(v.missed).length > 0 && `Не совпадает: ${list(v.missed).join(', ')}.`,
      ]
        .filter(Boolean)
        .join(' '),
    'signals.count': (v, { f, title }) =>
      `${title}: ${f.number(Number(v.count))} за ${f.plural(lastDays, Number(v.days))}.`,
    'minutes.minutes': (v, { f, title }) =>
      `${title}: ${f.number(Number(v.minutes))} мин за ${f.plural(lastDays, Number(v.days))}.`,
    'counted.some': (v, { f, title, level }) =>
      `${title}: ${counted(v, f.number, level)} за ${f.plural(lastDays, Number(v.days))}.`,
    'counted.none': (v, { f, title }) => `${title}: нет за ${f.plural(lastDays, Number(v.days))}.`,
    'counted.unseen': (v, { f, title, level }) =>
      `${title}: ${list(v.levels).map(level).join(', ')} (новые для модели) за ${f.plural(lastDays, Number(v.days))}.`,
    'category.level': (v, { title, effect, level }) =>
      `${title}: ${level(String(v.level))} ${effect}.`,
    'category.some': (v, { f, title, effect, level }) =>
      `${title}: ${f.list(list(v.levels).map(level))} ${effect}.`,
    'category.unseen': (v, { title, level }) =>
      `${title}: ${level(String(v.level))} — значение новое для модели, оценку не меняет.`,
    'category.none': (_, { title, effect }) => `${title}: нет данных — ${effect}.`,
    'number.value': (v, { f, title, effect }) =>
      `${title}: ${f.number(Number(v.value), 2)} ${effect}.`,
    'number.missing': (_, { title, effect }) => `${title}: нет данных — ${effect}.`,
  },
}
