import { mulberry32 } from '../../src/demo/random.ts'

/** A seeded PRNG (mulberry32), so every generated sample is the same on every run. */
export const seededRandom = mulberry32
