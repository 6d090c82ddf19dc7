import type { ReasonCatalogue } from './catalogue.ts'
import { counted, highIntent, list } from './en.ts'

const people = {
  one: '{count} osoba',
  few: '{count} osoby',
  many: '{count} osób',
  other: '{count} osoby',
}
const lastDays = {
  one: 'ostatniego dnia',
  few: 'ostatnich {count} dni',
  many: 'ostatnich {count} dni',
  other: 'ostatnich {count} dnia',
}

export const pl: ReasonCatalogue = {
  intentTitles: {
    surge_max: 'Najsilniejszy temat',
    surging_topics: 'Rosnące tematy',
    breadth: 'Zakres poszukiwań',
    engaged_contacts: 'Zaangażowane osoby',
    senior_contacts: 'Osoby na wysokich stanowiskach',
    committee_coverage: 'Pokrycie komitetu',
    high_intent: 'Działania o wysokiej intencji',
    engagement: 'Zaangażowanie',
    recency: 'Świeżość',
    momentum: 'Dynamika',
    fit: 'Dopasowanie profilu',
  },
  typeTitles: {
    content: 'Przeczytane treści',
    search: 'Wyszukiwania',
    review: 'Przeczytane recenzje',
    trade_show: 'Kontakty na targach',
    email: 'Interakcje e-mail',
    form: 'Wypełnione formularze',
    meeting: 'Spotkania',
    web_visit: 'Wizyty na stronie',
  },
  typeNames: {
    content: 'Treść',
    search: 'Wyszukiwanie',
    review: 'Recenzja',
    trade_show: 'Targi',
    email: 'E-mail',
    form: 'Formularz',
    meeting: 'Spotkanie',
    web_visit: 'Wizyta na stronie',
  },
  minutesTitle: (type) => `Czas (${pl.typeTitles[type].toLowerCase()})`,
  groupTitles: {
    action: 'Działania',
    source: 'Kanały',
    page: 'Strony',
    first_source: 'Pierwotny kanał',
    first_page: 'Pierwsza odwiedzona strona',
    age_days: 'Dni od pierwszego kontaktu',
    industry: 'Branża',
    size: 'Wielkość firmy',
    revenue: 'Przychody',
    country: 'Kraj',
    technologies: 'Technologie',
  },
  roles: {
    decision_maker: 'Decydent',
    economic_buyer: 'Dysponent budżetu',
    champion: 'Orędownik',
    technical_evaluator: 'Oceniający technicznie',
    influencer: 'Doradca',
    procurement: 'Zakupy',
    end_user: 'Użytkownik końcowy',
  },
  industries: {
    software: 'Oprogramowanie',
    manufacturing: 'Produkcja',
    finance: 'Finanse',
    healthcare: 'Ochrona zdrowia',
    retail: 'Handel detaliczny',
    logistics: 'Logistyka',
    energy: 'Energetyka',
    telecom: 'Telekomunikacja',
    education: 'Edukacja',
    professional_services: 'Usługi profesjonalne',
  },
  effects: { raises: 'podnosi wynik', lowers: 'obniża wynik', none: 'nie zmienia wyniku' },
  notRecorded: 'brak danych',
  employees: (band) => `${band} pracowników`,
  people,
  lastDays,
  highIntentActions: {
    form: 'wypełnione formularze',
    meeting: 'spotkania',
    trade_show: 'kontakty na targach',
    review: 'przeczytane recenzje',
  },
  sentences: {
    'surge_max.none': () => 'Żaden temat nie przekracza zwykłego poziomu.',
    'surge_max.above': (v, { f }) =>
      `Najsilniejszy temat „${v.topic}” ma wynik ${f.number(Number(v.surge))}: ${f.plural(people, Number(v.people))}, ${f.number(Number(v.ratio), 1)}× zwykłej aktywności w tym miesiącu.`,
    'surge_max.new': (v, { f }) =>
      `Najsilniejszy temat „${v.topic}” ma wynik ${f.number(Number(v.surge))}: ${f.plural(people, Number(v.people))}, bez wcześniejszej aktywności.`,
    'surging_topics.none': () => 'Żaden temat nie rośnie.',
    'surging_topics.some': (v, { f }) =>
      `Rosnące tematy (${f.number(Number(v.count))}): ${list(v.topics).join(', ')}.`,
    'breadth.share': (v, { f }) =>
      `Udział rosnących tematów wśród badanych: ${f.percent(Number(v.percent))}.`,
    'engaged_contacts.count': (v, { f }) =>
      `Osoby aktywne w ostatnich trzech tygodniach: ${f.number(Number(v.count))}.`,
    'senior_contacts.count': (v, { f }) =>
      `Zaangażowane osoby na stanowisku dyrektora lub wyższym: ${f.number(Number(v.count))}.`,
    'committee_coverage.none': () => 'Nikt z komitetu zakupowego nie jest jeszcze zaangażowany.',
    'committee_coverage.some': (v, { f, roles }) =>
      `Komitet zakupowy pokryty w ${f.percent(Number(v.percent))}: ${roles(String(v.roles))}.`,
    'high_intent.none': () =>
      'Ostatnio brak działań o wysokiej intencji (formularze, spotkania, targi, recenzje).',
    'high_intent.some': (v, { f }) =>
      `Ostatnie działania o wysokiej intencji: ${highIntent(v, f.number, pl.highIntentActions)}.`,
    'engagement.value': (v, { f }) =>
      `Zaangażowanie warte ${f.number(Number(v.value), 1)} przeczytanych treści po wygaszeniu.`,
    'recency.none': () => 'Brak zarejestrowanej aktywności.',
    'recency.today': () => 'Ostatnia aktywność mniej niż dzień temu.',
    'recency.days': (v, { f }) =>
      f.plural(
        {
          one: 'Ostatnia aktywność {count} dzień temu.',
          few: 'Ostatnia aktywność {count} dni temu.',
          many: 'Ostatnia aktywność {count} dni temu.',
          other: 'Ostatnia aktywność {count} dnia temu.',
        },
        Number(v.count),
      ),
    'momentum.up': (v, { f }) =>
      `Aktywność rośnie tygodniowo o ${f.percent(Number(v.percent))} swojej średniej.`,
    'momentum.down': (v, { f }) =>
      `Aktywność spada tygodniowo o ${f.percent(Number(v.percent))} swojej średniej.`,
    'fit.none': () => 'Nie skonfigurowano profilu idealnego klienta.',
    'fit.grade': (v) =>
      [
        `Dopasowanie profilu: ${v.grade}.`,
        list(v.matched).length > 0 && `Spełnia: ${list(v.matched).join(', ')}.`,
        list(v.missed).length > 0 && `Nie spełnia: ${list(v.missed).join(', ')}.`,
      ]
        .filter(Boolean)
        .join(' '),
    'signals.count': (v, { f, title }) =>
      `${title}: ${f.number(Number(v.count))} w ciągu ${f.plural(lastDays, Number(v.days))}.`,
    'minutes.minutes': (v, { f, title }) =>
      `${title}: ${f.number(Number(v.minutes))} min w ciągu ${f.plural(lastDays, Number(v.days))}.`,
    'counted.some': (v, { f, title, level }) =>
      `${title}: ${counted(v, f.number, level)} w ciągu ${f.plural(lastDays, Number(v.days))}.`,
    'counted.none': (v, { f, title }) =>
      `${title}: brak w ciągu ${f.plural(lastDays, Number(v.days))}.`,
    'counted.unseen': (v, { f, title, level }) =>
      `${title}: ${list(v.levels).map(level).join(', ')} (nowe dla modelu) w ciągu ${f.plural(lastDays, Number(v.days))}.`,
    'category.level': (v, { title, effect, level }) =>
      `${title}: ${level(String(v.level))} ${effect}.`,
    'category.some': (v, { f, title, effect, level }) =>
      `${title}: ${f.list(list(v.levels).map(level))} ${effect}.`,
    'category.unseen': (v, { title, level }) =>
      `${title}: ${level(String(v.level))} — wartość nowa dla modelu, nie zmienia wyniku.`,
    'category.none': (_, { title, effect }) => `${title}: brak danych — ${effect}.`,
    'number.value': (v, { f, title, effect }) =>
      `${title}: ${f.number(Number(v.value), 2)} ${effect}.`,
    'number.missing': (_, { title, effect }) => `${title}: brak danych — ${effect}.`,
  },
}
