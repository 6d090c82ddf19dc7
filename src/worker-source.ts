import { Worker, type WorkerOptions } from 'node:worker_threads'

/**
 * Worker threads from a module beside the caller, in source or compiled form.
 *
 * Compiled (`dist/`, `npm start`): the worker runs the sibling `.js` file directly. From source
 * (tests, `tsx`): workers do not inherit tsx's module hooks, so the worker starts from an eval'd
 * bootstrap that registers tsx and then imports the `.ts` entry. Which one is decided by the
 * caller's own URL, so a build never needs to know about its workers.
 */
export function startWorker(
  name: string,
  callerUrl: string,
  options: Omit<WorkerOptions, 'eval'> = {},
): Worker {
  const compiled = callerUrl.endsWith('.js')
  const entry = new URL(`./${name}${compiled ? '.js' : '.ts'}`, callerUrl)
  if (compiled) return new Worker(entry, options)
  return new Worker(typeScriptBootstrap(entry), { ...options, eval: true })
}

function typeScriptBootstrap(entry: URL): string {
  const tsx = import.meta.resolve('tsx/esm/api')
  return `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}) })`
}
