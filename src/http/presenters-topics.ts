import { z } from 'zod'
import { type AccountIntent, type NamedTopicSurge, TOPICS_SHOWN } from '../domain/intent.ts'

/** Topics as look-ups answer them: surge figures, and the topic's category in the taxonomy. */

/** Each topic's taxonomy category by topic id (see domain/topic-categories.ts). */
export type Categories = ReadonlyMap<number, string | null>

export const categoryField = z.string().nullable().meta({
  description:
    "The topic's category in the taxonomy (GET /v1/taxonomy); null when it lists no such topic.",
  example: 'Data & Analytics',
})

export const TopicSurgeSchema = z
  .object({
    topic: z.string(),
    category: categoryField,
    surge: z.number().meta({
      description: "0–100: 50 = at the account's own baseline, above 60 = a significant rise.",
    }),
    recent: z
      .number()
      .meta({ description: 'Weighted activity in the recent window (content-read equivalents).' }),
    baseline: z.number().meta({
      description: 'Baseline rate per week, shrunk toward similar accounts when history is thin.',
    }),
    expected: z.number().meta({ description: 'What the baseline predicts for the recent window.' }),
    contacts: z
      .number()
      .int()
      .meta({ description: 'Distinct contacts active on the topic in the recent window.' }),
    confidence: z
      .number()
      .meta({ description: '1 − family-wise p-value of the rise (0 when there is no rise).' }),
  })
  .meta({ id: 'TopicSurge' })

export function presentTopicSurge(
  surge: NamedTopicSurge,
  categories: Categories,
): z.infer<typeof TopicSurgeSchema> {
  const { topic, surge: score, recent, baseline, expected, contacts, confidence } = surge
  const category = categories.get(surge.topicId) ?? null
  return { topic, category, surge: score, recent, baseline, expected, contacts, confidence }
}

/** The topics a look-up shows: the ids whose categories it needs. */
export const shownTopicIds = (intent: AccountIntent) =>
  intent.topics.slice(0, TOPICS_SHOWN).map((topic) => topic.topicId)
