import type { Router } from '../../router.ts'

/** The cheapest possible answer: the baseline the look-up benchmark compares with. */
export function register(app: Router) {
  app.get('/ping', (c) => c.text('pong'))
}
