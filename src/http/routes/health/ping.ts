import type { Router } from '../../env.ts'

/** The cheapest possible answer: the baseline the look-up benchmark compares with. */
export function register(app: Router) {
  app.get('/ping', (c) => c.text('pong'))
}
