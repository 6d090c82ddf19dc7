/**
 * Workers do not inherit tsx's module hooks, so a worker thread running TypeScript starts from
 * an eval'd bootstrap that registers tsx and then imports the entry (resolved from the caller,
 * so it works from any working directory).
 */
export function typeScriptWorkerSource(entry: URL): string {
  const tsx = import.meta.resolve('tsx/esm/api')
  return `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}) })`
}
