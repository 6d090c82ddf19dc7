import type { JobFunction, Seniority } from '../vocabulary.ts'
/**
 * Job-title classification for buying-committee views: which function a contact
 * works in and how senior they are, from a free-text title in English, Polish,
 * Russian or German.
 *
 * Pure and total: no I/O, never throws; unknown input falls back to
 * other/individual with low confidence. The keyword tables live in
 * title-rules.ts, text folding in fold.ts.
 */
import { foldText } from './fold.ts'
import { shippedTitleModel, type TitleModel } from './title-model.ts'
import {
  compilePattern,
  findPattern,
  lazyTable,
  type Pattern,
  type PatternHit,
} from './title-patterns.ts'
import {
  DEPARTMENT,
  DEPUTY_PATTERNS,
  FUNCTION_RULES,
  ROLE,
  type RuleLanguage,
  SENIORITY_RULES,
} from './title-rules.ts'

export interface TitleClassification {
  title: string
  function: JobFunction
  seniority: Seniority
  /** 0..1: high when explicit rules fired for both function and seniority. */
  confidence: number
  /** Ids of the rules that fired, function first: 'function:…;seniority:…', or 'fallback'. */
  rule: string
}

// Real titles are short; capping keeps pathological input (10 kB of text) cheap.
const MAX_TITLE_CHARS = 256

const CONFIDENCE = {
  fallback: 0.1,
  seniorityOnly: 0.4,
  weakFunctionOnly: 0.55,
  functionOnly: 0.7,
  ambiguousFunction: 0.75,
  soleHintBoth: 0.9,
  both: 0.95,
  roleBoth: 0.98,
} as const

// ---------------------------------------------------------------- function

interface FunctionRule extends Pattern {
  readonly function: JobFunction
  readonly weight: number
}

interface FunctionHit extends PatternHit {
  readonly rule: FunctionRule
}

const ruleIdPrefix = (kind: string, label: string, language: RuleLanguage): string =>
  `${kind}:${label}:${language}`

const functionTable = lazyTable<FunctionRule>(() =>
  FUNCTION_RULES.flatMap((group) =>
    group.patterns.map((source) => ({
      ...compilePattern(ruleIdPrefix('function', group.function, group.language), source),
      function: group.function,
      weight: group.weight,
    })),
  ),
)

/** Stronger evidence first, then the earlier word in the title, then the longer phrase. */
function isBetterFunctionHit(candidate: FunctionHit, best: FunctionHit): boolean {
  if (candidate.rule.weight !== best.rule.weight) return candidate.rule.weight > best.rule.weight
  if (candidate.position !== best.position) return candidate.position < best.position
  return candidate.length > best.length
}

interface FunctionDecision {
  readonly hit: FunctionHit
  /** Another function also matched, so the winner was a judgement call. */
  readonly contested: boolean
}

function decideFunction(text: string): FunctionDecision | undefined {
  let best: FunctionHit | undefined
  const functionsSeen = new Set<JobFunction>()
  const { patterns, candidates } = functionTable()
  for (const index of candidates(text)) {
    const rule = patterns[index] as FunctionRule
    const found = findPattern(rule, text)
    if (!found) continue
    functionsSeen.add(rule.function)
    const hit = { ...found, rule }
    if (!best || isBetterFunctionHit(hit, best)) best = hit
  }
  return best && { hit: best, contested: functionsSeen.size > 1 }
}

// ---------------------------------------------------------------- seniority

interface SeniorityRule extends Pattern {
  readonly seniority: Seniority
}

interface SeniorityDecision {
  readonly seniority: Seniority
  readonly ruleId: string
}

const seniorityTable = lazyTable<SeniorityRule>(() =>
  SENIORITY_RULES.flatMap((group) =>
    group.patterns.map((source) => ({
      ...compilePattern(ruleIdPrefix('seniority', group.seniority, group.language), source),
      seniority: group.seniority,
    })),
  ),
)

const deputyTable = lazyTable<Pattern>(() =>
  DEPUTY_PATTERNS.map((source) => compilePattern('seniority:deputy', source)),
)

const ONE_BAND_DOWN: Readonly<Record<Seniority, Seniority>> = {
  c_level: 'vp',
  vp: 'director',
  director: 'manager',
  manager: 'manager',
  individual: 'individual',
}

function firstSeniorityRule(text: string): SeniorityDecision | undefined {
  const { patterns, candidates } = seniorityTable()
  for (const index of candidates(text)) {
    const rule = patterns[index] as SeniorityRule
    if (findPattern(rule, text)) return { seniority: rule.seniority, ruleId: rule.id }
  }
  return undefined
}

/** "Deputy X" / "Zastępca X" / "Заместитель X": X's band, one step down. */
function deputySeniority(text: string): SeniorityDecision | undefined {
  const { patterns, candidates } = deputyTable()
  for (const index of candidates(text)) {
    const deputy = patterns[index] as Pattern
    const found = findPattern(deputy, text)
    if (!found) continue
    const rest = `${text.slice(0, found.position)} ${text.slice(found.position + found.length)}`
    const deputised = firstSeniorityRule(rest.replace(/ +/g, ' ').trim())
    if (!deputised) return undefined
    return {
      seniority: ONE_BAND_DOWN[deputised.seniority],
      ruleId: `${deputy.id}>${deputised.ruleId}`,
    }
  }
  return undefined
}

function decideSeniority(text: string): SeniorityDecision | undefined {
  return deputySeniority(text) ?? firstSeniorityRule(text)
}

// ---------------------------------------------------------------- classify

function confidenceOf(
  fn: FunctionDecision | undefined,
  seniority: SeniorityDecision | undefined,
): number {
  if (!fn) return seniority ? CONFIDENCE.seniorityOnly : CONFIDENCE.fallback
  const weight = fn.hit.rule.weight
  const clearFunction = weight >= DEPARTMENT || !fn.contested
  if (!seniority) return clearFunction ? CONFIDENCE.functionOnly : CONFIDENCE.weakFunctionOnly
  if (weight >= ROLE) return CONFIDENCE.roleBoth
  if (weight >= DEPARTMENT) return CONFIDENCE.both
  return clearFunction ? CONFIDENCE.soleHintBoth : CONFIDENCE.ambiguousFunction
}

function ruleOf(
  fn: FunctionDecision | undefined,
  seniority: SeniorityDecision | undefined,
): string {
  if (!fn && !seniority) return 'fallback'
  const functionId = fn?.hit.rule.id ?? 'function:other:fallback'
  const seniorityId = seniority?.ruleId ?? 'seniority:individual:default'
  return `${functionId};${seniorityId}`
}

/**
 * A department word or a role is a high-precision override: the model is not asked about the
 * function. Between two department words the rules' own order decides ("Sales & Marketing").
 */
const isDecisive = (fn: FunctionDecision): boolean => fn.hit.rule.weight >= DEPARTMENT

/**
 * The model's function is taken when no rule fired and it is at least this sure (calibrated
 * probability), or over a weak rule (a hint) when it is very sure; its seniority when no
 * seniority rule fired and it is sure.
 */
export const MODEL_MIN_PROBABILITY = { function: 0.5, overWeakRule: 0.85, seniority: 0.9 } as const

/** Below this confidence a classification is marked unsure in the committee view. */
export const UNSURE_BELOW = 0.5

const round2 = (value: number) => Math.round(value * 100) / 100

/**
 * Rules and model together: decisive rules first (they also explain themselves), then the
 * learned model where it is sure, then weaker rules; the seniority from the rules when one
 * fires, else from the model when it is sure, else individual.
 */
export function classifierWith(model: TitleModel | null): (raw: string) => TitleClassification {
  return (raw) => {
    const text = foldText(raw.slice(0, MAX_TITLE_CHARS))
    const fn = decideFunction(text)
    const seniority = decideSeniority(text)
    const prediction = model === null || text === '' ? null : model.predict(text)
    // A title with no word the model knows is gibberish to it: its guess is not evidence.
    const predicted = prediction !== null && prediction.knownWords > 0 ? prediction : null
    const byRules = {
      title: raw,
      function: fn?.hit.rule.function ?? 'other',
      seniority: seniority?.seniority ?? 'individual',
      confidence: confidenceOf(fn, seniority),
      rule: ruleOf(fn, seniority),
    } satisfies TitleClassification
    if (predicted === null) return byRules

    const modelFunction = predicted.function
    const useModelFunction =
      !(fn && isDecisive(fn)) &&
      modelFunction.probability >=
        (fn === undefined ? MODEL_MIN_PROBABILITY.function : MODEL_MIN_PROBABILITY.overWeakRule) &&
      (modelFunction.label !== 'other' || fn === undefined)
    const modelSeniority = predicted.seniority
    const useModelSeniority =
      seniority === undefined && modelSeniority.probability >= MODEL_MIN_PROBABILITY.seniority
    if (!useModelFunction && !useModelSeniority) return byRules

    const functionPart = useModelFunction
      ? `model:function:${modelFunction.label}`
      : (fn?.hit.rule.id ?? 'function:other:fallback')
    const seniorityPart = useModelSeniority
      ? `model:seniority:${modelSeniority.label}`
      : (seniority?.ruleId ?? 'seniority:individual:default')
    const functionConfidence = useModelFunction
      ? modelFunction.probability
      : fn
        ? confidenceOf(fn, seniority)
        : CONFIDENCE.fallback
    const seniorityConfidence = useModelSeniority ? modelSeniority.probability : 1
    return {
      title: raw,
      function: useModelFunction ? (modelFunction.label as JobFunction) : byRules.function,
      seniority: useModelSeniority ? (modelSeniority.label as Seniority) : byRules.seniority,
      confidence: round2(Math.min(functionConfidence, seniorityConfidence)),
      rule: `${functionPart};${seniorityPart}`,
    }
  }
}

/**
 * Titles repeat: every look-up classifies the account's people again. The classification is
 * a pure function of the text, so results are remembered (bounded; cleared when full).
 * Callers must treat the result as read-only. Module-level on purpose: keyed on the text only,
 * built from the shipped title model, never from a store, configuration or context.
 */
const CACHE_LIMIT = 20_000
const cache = new Map<string, TitleClassification>()
let classifyUncached: ((raw: string) => TitleClassification) | undefined

/** Classify a job title into a function and a seniority band. Never throws. */
export function classifyTitle(title: string): TitleClassification {
  const raw = typeof title === 'string' ? title : ''
  let result = cache.get(raw)
  if (result === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.clear()
    classifyUncached ??= classifierWith(shippedTitleModel())
    result = classifyUncached(raw)
    cache.set(raw, result)
  }
  return result
}
