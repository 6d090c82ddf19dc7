#!/usr/bin/env node
// The `intent` command. Sources are TypeScript; tsx compiles them on the fly (cached), so a
// fresh clone runs with `npm install` alone and no build step.
import { register } from 'tsx/esm/api'

register()
await import('../src/cli/main.ts')
