import type { ReasonCatalogue } from './catalogue.ts'

const list = (text: string | number | undefined) =>
  String(text ?? '')
    .split('|')
    .filter(Boolean)

export const en: ReasonCatalogue = {
  intentTitles: {
    surge_max: 'Strongest topic',
    surging_topics: 'Surging topics',
    breadth: 'Breadth of research',
    engaged_contacts: 'Engaged people',
    senior_contacts: 'Senior people',
    committee_coverage: 'Committee coverage',
    high_intent: 'High-intent actions',
    engagement: 'Engagement',
    recency: 'Recency',
    momentum: 'Momentum',
    fit: 'Profile fit',
  },
  typeTitles: {
    content: 'Content reads',
    search: 'Searches',
    review: 'Reviews read',
    trade_show: 'Trade-show interactions',
    email: 'E-mail interactions',
    form: 'Form fills',
    meeting: 'Meetings',
    web_visit: 'Web visits',
  },
  typeNames: {
    content: 'Content',
    search: 'Search',
    review: 'Review',
    trade_show: 'Trade show',
    email: 'E-mail',
    form: 'Form',
    meeting: 'Meeting',
    web_visit: 'Web visit',
  },
  minutesTitle: (type) => `Time on ${en.typeTitles[type].toLowerCase()}`,
  groupTitles: {
    action: 'Actions',
    source: 'Channels',
    page: 'Pages',
    first_source: 'Original channel',
    first_page: 'First page seen',
    age_days: 'Days since first seen',
    industry: 'Industry',
    size: 'Company size',
    revenue: 'Revenue',
    country: 'Country',
    technologies: 'Technologies',
  },
  roles: {
    decision_maker: 'Decision maker',
    economic_buyer: 'Economic buyer',
    champion: 'Champion',
    technical_evaluator: 'Technical evaluator',
    influencer: 'Influencer',
    procurement: 'Procurement',
    end_user: 'End user',
  },
  industries: {
    software: 'Software',
    manufacturing: 'Manufacturing',
    finance: 'Finance',
    healthcare: 'Healthcare',
    retail: 'Retail',
    logistics: 'Logistics',
    energy: 'Energy',
    telecom: 'Telecommunications',
    education: 'Education',
    professional_services: 'Professional services',
  },
  effects: {
    raises: 'raises the score',
    lowers: 'lowers the score',
    none: 'does not change the score',
  },
  notRecorded: 'not recorded',
  employees: (band) => `${band} employees`,
  people: { one: '{count} person', other: '{count} people' },
  lastDays: { one: 'the last day', other: 'the last {count} days' },
  highIntentActions: {
    form: 'form fills',
    meeting: 'meetings',
    trade_show: 'trade-show interactions',
    review: 'reviews read',
  },
  sentences: {
    'surge_max.none': () => 'No topic is above its usual level.',
    'surge_max.above': (v, { f }) =>
      `Strongest topic “${v.topic}” scores ${f.number(Number(v.surge))}: ${f.plural(en.people, Number(v.people))}, ${f.number(Number(v.ratio), 1)}× its usual activity this month.`,
    'surge_max.new': (v, { f }) =>
      `Strongest topic “${v.topic}” scores ${f.number(Number(v.surge))}: ${f.plural(en.people, Number(v.people))}, with no activity before.`,
    'surging_topics.none': () => 'No topic is surging.',
    'surging_topics.some': (v, { f }) =>
      `${f.plural({ one: '{count} topic', other: '{count} topics' }, Number(v.count))} surging: ${list(v.topics).join(', ')}.`,
    'breadth.share': (v, { f }) =>
      `${f.percent(Number(v.percent))} of the topics it is researching are surging.`,
    'engaged_contacts.count': (v, { f }) =>
      `${f.plural(en.people, Number(v.count))} active in the last three weeks.`,
    'senior_contacts.count': (v, { f }) =>
      `${f.plural({ one: '{count} director-level or more senior person', other: '{count} director-level or more senior people' }, Number(v.count))} engaged.`,
    'committee_coverage.none': () => 'Nobody of the buying committee is engaged yet.',
    'committee_coverage.some': (v, { f, roles }) =>
      `Buying committee ${f.percent(Number(v.percent))} covered: ${roles(String(v.roles))}.`,
    'high_intent.none': () =>
      'No high-intent actions (forms, meetings, trade shows, reviews) lately.',
    'high_intent.some': (v, { f }) =>
      `Recent high-intent actions: ${highIntent(v, f.number, en.highIntentActions)}.`,
    'engagement.value': (v, { f }) =>
      `Engagement worth ${f.number(Number(v.value), 1)} content reads after decay.`,
    'recency.none': () => 'No activity recorded yet.',
    'recency.today': () => 'Last activity less than a day ago.',
    'recency.days': (v, { f }) =>
      f.plural(
        { one: 'Last activity {count} day ago.', other: 'Last activity {count} days ago.' },
        Number(v.count),
      ),
    'momentum.up': (v, { f }) =>
      `Activity growing by ${f.percent(Number(v.percent))} of its average a week.`,
    'momentum.down': (v, { f }) =>
      `Activity falling by ${f.percent(Number(v.percent))} of its average a week.`,
    'fit.none': () => 'No ideal customer profile is configured.',
    'fit.grade': (v) =>
      `Profile fit ${v.grade}${list(v.matched).length ? `: matches ${list(v.matched).join(', ')}` : ''}${list(v.missed).length ? `; misses ${list(v.missed).join(', ')}` : ''}.`,
    'signals.count': (v, { f, title }) =>
      `${title}: ${f.number(Number(v.count))} in ${f.plural(en.lastDays, Number(v.days))}.`,
    'minutes.minutes': (v, { f, title }) =>
      `${title}: ${f.number(Number(v.minutes))} min in ${f.plural(en.lastDays, Number(v.days))}.`,
    'counted.some': (v, { f, title, level }) =>
      `${title}: ${counted(v, f.number, level)} in ${f.plural(en.lastDays, Number(v.days))}.`,
    'counted.none': (v, { f, title }) =>
      `${title}: none in ${f.plural(en.lastDays, Number(v.days))}.`,
    'counted.unseen': (v, { f, title, level }) =>
      `${title}: ${list(v.levels).map(level).join(', ')} (new to the model) in ${f.plural(en.lastDays, Number(v.days))}.`,
    'category.level': (v, { title, effect, level }) =>
      `${title}: ${level(String(v.level))} ${effect}.`,
    'category.some': (v, { f, title, effect, level }) =>
      `${title}: ${f.list(list(v.levels).map(level))} ${effect}.`,
    'category.unseen': (v, { title, level }) =>
      `${title}: ${level(String(v.level))} is new to the model and does not change the score.`,
    'category.none': (_, { title, effect }) => `${title}: not recorded — ${effect}.`,
    'number.value': (v, { f, title, effect }) =>
      `${title}: ${f.number(Number(v.value), 2)} ${effect}.`,
    'number.missing': (_, { title, effect }) => `${title}: not recorded — ${effect}.`,
  },
}

/** "form fills: 2, meetings: 1": the label first, so no language has to decline it. */
export function highIntent(
  v: Record<string, string | number>,
  number: (n: number) => string,
  labels: Record<'form' | 'meeting' | 'trade_show' | 'review', string>,
): string {
  return (['form', 'meeting', 'trade_show', 'review'] as const)
    .filter((action) => Number(v[action] ?? 0) > 0)
    .map((action) => `${labels[action]}: ${number(Number(v[action]))}`)
    .join(', ')
}

/** "google ×5, e-mail ×1". */
export function counted(
  v: Record<string, string | number>,
  number: (n: number) => string,
  level: (level: string) => string,
): string {
  const counts = list(v.counts)
  return list(v.levels)
    .map((item, i) => `${level(item)} ×${number(Number(counts[i] ?? 1))}`)
    .join(', ')
}

export { list }
