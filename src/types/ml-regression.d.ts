// ml-regression 6 ships no type declarations; these cover the parts this project uses.
declare module 'ml-regression' {
  export class TheilSenRegression {
    constructor(x: number[], y: number[])
    slope: number
    intercept: number
    predict(x: number): number
  }
  export class MultivariateLinearRegression {
    constructor(
      x: number[][],
      y: number[][],
      options?: { intercept?: boolean; statistics?: boolean },
    )
    weights: number[][]
    predict(x: number[]): number[]
  }
}
