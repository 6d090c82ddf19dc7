/**
 * Multinomial logistic regression over sparse hashed features, fitted by AdaGrad SGD with a
 * seeded shuffle: deterministic for the same examples and options. Small and dependency-free
 * because ml-regression has no sparse multinomial model and the heads are 2^18 × 12 weights.
 */

export interface Example {
  features: Uint32Array
  label: number
  weight: number
}

export interface SoftmaxOptions {
  labels: number
  bits: number
  epochs: number
  learningRate: number
  /** L2 penalty per unit of example weight, applied to the weights an example touches. */
  l2: number
  seed: number
}

export interface SoftmaxWeights {
  bias: Float64Array
  weights: Float32Array
}

/** A small, fast, seeded PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function logits(model: SoftmaxWeights, features: Uint32Array, out: Float64Array): void {
  const k = out.length
  out.set(model.bias)
  for (const feature of features) {
    const offset = feature * k
    for (let j = 0; j < k; j++) out[j]! += model.weights[offset + j]!
  }
}

export function softmaxInPlace(scores: Float64Array, temperature = 1): void {
  let max = -Infinity
  for (const score of scores) if (score > max) max = score
  let sum = 0
  for (let j = 0; j < scores.length; j++) {
    scores[j] = Math.exp((scores[j]! - max) / temperature)
    sum += scores[j]!
  }
  for (let j = 0; j < scores.length; j++) scores[j]! /= sum
}

export function trainSoftmax(
  examples: readonly Example[],
  options: SoftmaxOptions,
): SoftmaxWeights {
  const k = options.labels
  const size = (1 << options.bits) * k
  const model: SoftmaxWeights = { bias: new Float64Array(k), weights: new Float32Array(size) }
  const squares = new Float32Array(size)
  const biasSquares = new Float64Array(k)
  const order = examples.map((_, index) => index)
  const random = prng(options.seed)
  const scores = new Float64Array(k)
  const eps = 1e-6
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[order[i], order[j]] = [order[j]!, order[i]!]
    }
    for (const index of order) {
      const example = examples[index]!
      logits(model, example.features, scores)
      softmaxInPlace(scores)
      for (let j = 0; j < k; j++) {
        const gradient = example.weight * (scores[j]! - (j === example.label ? 1 : 0))
        biasSquares[j]! += gradient * gradient
        model.bias[j]! -= (options.learningRate * gradient) / Math.sqrt(biasSquares[j]! + eps)
        for (const feature of example.features) {
          const at = feature * k + j
          const g = gradient + options.l2 * example.weight * model.weights[at]!
          squares[at]! += g * g
          model.weights[at]! -= (options.learningRate * g) / Math.sqrt(squares[at]! + eps)
        }
      }
    }
  }
  return model
}

/** The temperature that minimises the log loss of `examples` (a held-out calibration set). */
export function fitTemperature(model: SoftmaxWeights, examples: readonly Example[]): number {
  const k = model.bias.length
  const raw = examples.map((example) => {
    const scores = new Float64Array(k)
    logits(model, example.features, scores)
    return { scores, example }
  })
  const loss = (temperature: number) => {
    let total = 0
    let weight = 0
    const probabilities = new Float64Array(k)
    for (const { scores, example } of raw) {
      probabilities.set(scores)
      softmaxInPlace(probabilities, temperature)
      total -= example.weight * Math.log(Math.max(1e-12, probabilities[example.label]!))
      weight += example.weight
    }
    return total / weight
  }
  let best = 1
  let bestLoss = loss(1)
  for (let t = 0.3; t <= 4.0001; t += 0.05) {
    const value = loss(t)
    if (value < bestLoss) {
      best = t
      bestLoss = value
    }
  }
  return Math.round(best * 100) / 100
}

/** int8 quantisation: the scale and the feature ids with any non-zero weight, ascending. */
export function quantise(model: SoftmaxWeights, k: number) {
  let max = 0
  for (const weight of model.weights) if (Math.abs(weight) > max) max = Math.abs(weight)
  const scale = max === 0 ? 1 : max / 127
  const ids: number[] = []
  const values: number[] = []
  const features = model.weights.length / k
  for (let feature = 0; feature < features; feature++) {
    const row: number[] = []
    let any = false
    for (let j = 0; j < k; j++) {
      const q = Math.max(-127, Math.min(127, Math.round(model.weights[feature * k + j]! / scale)))
      row.push(q)
      if (q !== 0) any = true
    }
    if (!any) continue
    ids.push(feature)
    values.push(...row)
  }
  const idBytes = Buffer.alloc(ids.length * 4)
  for (const [index, id] of ids.entries()) idBytes.writeUInt32LE(id, index * 4)
  const valueBytes = Buffer.from(Int8Array.from(values).buffer)
  return {
    scale,
    features: idBytes.toString('base64'),
    weights: valueBytes.toString('base64'),
    kept: ids.length,
  }
}
