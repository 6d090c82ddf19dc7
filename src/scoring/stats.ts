/**
 * The few special functions the surge test needs, written out so the math is inspectable
 * (Numerical Recipes §6.1, §6.4; Acklam's normal quantile).
 */

const LANCZOS = [
  76.18009172947146, -86.50532032941678, 24.01409824083091, -1.231739572450155,
  0.1208650973866179e-2, -0.5395239384953e-5,
]

export function logGamma(x: number): number {
  let y = x
  const tmp = x + 5.5 - (x + 0.5) * Math.log(x + 5.5)
  let series = 1.000000000190015
  for (const c of LANCZOS) series += c / ++y
  return -tmp + Math.log((2.5066282746310007 * series) / x)
}

/** Continued fraction for the incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300
  let c = 1
  let d = 1 - ((a + b) * x) / (a + 1)
  if (Math.abs(d) < tiny) d = tiny
  d = 1 / d
  let h = d
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m
    let aa = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2))
    d = 1 + aa * d
    if (Math.abs(d) < tiny) d = tiny
    c = 1 + aa / c
    if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    h *= d * c
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + 1 + m2))
    d = 1 + aa * d
    if (Math.abs(d) < tiny) d = tiny
    c = 1 + aa / c
    if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    const delta = d * c
    h *= delta
    if (Math.abs(delta - 1) < 1e-12) break
  }
  return h
}

/** The regularized incomplete beta function I_x(a, b), for a, b > 0 and 0 ≤ x ≤ 1. */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0
  if (x >= 1) return 1
  const front = Math.exp(
    logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x),
  )
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(a, b, x)) / a
    : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b
}

/**
 * log I_x(a, b), the regularized incomplete beta function in log space: the front factor is
 * summed as logarithms, so a tail far out (a count many times its expectation) is a finite
 * negative number instead of an underflow to 0.
 */
export function logRegularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return Number.NEGATIVE_INFINITY
  if (x >= 1) return 0
  const logFront =
    logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x)
  if (x < (a + 1) / (a + b + 2)) return logFront + Math.log(betaContinuedFraction(a, b, x) / a)
  const complement = Math.exp(logFront + Math.log(betaContinuedFraction(b, a, 1 - x) / b))
  return Math.log1p(-Math.min(complement, 1))
}

/** log P(X ≥ x) for the negative binomial below, exact far into the tail. */
export function logNegBinomialUpperTail(x: number, r: number, p: number): number {
  return x <= 0 ? 0 : logRegularizedBeta(1 - p, x, r)
}

/**
 * The z whose upper normal tail is e^logP: Φ⁻¹(1 − P) computed from log P, so that a P below
 * the smallest double (a rise hundreds of standard deviations out) still has its exact z.
 * Acklam's tail approximation is a function of √(−2 log P) already.
 */
export function upperTailZ(logP: number): number {
  if (logP >= 0) return Number.NEGATIVE_INFINITY
  if (logP > Math.log(0.02425)) return -normalQuantile(Math.exp(logP))
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783,
  ]
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416]
  const t = Math.sqrt(-2 * logP)
  return (
    -(((((c[0]! * t + c[1]!) * t + c[2]!) * t + c[3]!) * t + c[4]!) * t + c[5]!) /
    ((((d[0]! * t + d[1]!) * t + d[2]!) * t + d[3]!) * t + 1)
  )
}

/**
 * Tails of the negative binomial with shape r and success probability p (mean r(1-p)/p),
 * extended to non-integer counts through the incomplete beta function, since weighted
 * activity is not a whole number.
 */
export function negBinomialUpperTail(x: number, r: number, p: number): number {
  return x <= 0 ? 1 : regularizedBeta(1 - p, x, r)
}

export function negBinomialLowerTail(x: number, r: number, p: number): number {
  return x < 0 ? 0 : regularizedBeta(p, r, x + 1)
}

/** Φ⁻¹(q): the standard normal quantile (Acklam, relative error < 1.2e-9 after refinement). */
export function normalQuantile(q: number): number {
  if (q <= 0) return Number.NEGATIVE_INFINITY
  if (q >= 1) return Number.POSITIVE_INFINITY
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ]
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972,
    -13.28068155288572,
  ]
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783,
  ]
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416]
  const low = 0.02425
  let x: number
  if (q < low) {
    const t = Math.sqrt(-2 * Math.log(q))
    x =
      (((((c[0]! * t + c[1]!) * t + c[2]!) * t + c[3]!) * t + c[4]!) * t + c[5]!) /
      ((((d[0]! * t + d[1]!) * t + d[2]!) * t + d[3]!) * t + 1)
  } else if (q <= 1 - low) {
    const t = q - 0.5
    const s = t * t
    x =
      ((((((a[0]! * s + a[1]!) * s + a[2]!) * s + a[3]!) * s + a[4]!) * s + a[5]!) * t) /
      (((((b[0]! * s + b[1]!) * s + b[2]!) * s + b[3]!) * s + b[4]!) * s + 1)
  } else {
    const t = Math.sqrt(-2 * Math.log(1 - q))
    x =
      -(((((c[0]! * t + c[1]!) * t + c[2]!) * t + c[3]!) * t + c[4]!) * t + c[5]!) /
      ((((d[0]! * t + d[1]!) * t + d[2]!) * t + d[3]!) * t + 1)
  }
  return x
}

export function normalUpperTail(z: number): number {
  // erfc via the complementary error function's Chebyshev fit (Numerical Recipes erfcc).
  const x = Math.abs(z) / Math.SQRT2
  const t = 1 / (1 + 0.5 * x)
  const erfc =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    )
  return z >= 0 ? erfc / 2 : 1 - erfc / 2
}
