import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A stand-in for the parts of HubSpot's CRM v3 API the write-back calls, answering as HubSpot
 * documents them: bearer-token auth (401 otherwise), property groups and properties (read,
 * create, 409 when they exist), company search by a filter, and batch update (at most 100
 * inputs; 207 with OBJECT_NOT_FOUND errors naming unknown ids). A test can make the next
 * answers of a path fail (a 429 with Retry-After, a 5xx) and read every request it got.
 */
export interface StandInRequest {
  method: string
  path: string
  authorization: string | undefined
  body: unknown
}

interface Company {
  domain: string
  properties: Record<string, string>
}

export async function hubspotStandIn(token: string) {
  const requests: StandInRequest[] = []
  const companies = new Map<string, Company>()
  const groups = new Map<string, unknown>()
  const properties = new Map<string, Record<string, unknown>>()
  const failures = new Map<string, { status: number; headers?: Record<string, string> }[]>()
  let nextId = 1000

  const reply = (response: ServerResponse, status: number, body: unknown, headers = {}) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers })
    response.end(JSON.stringify(body))
  }
  const error = (response: ServerResponse, status: number, category: string, message: string) =>
    reply(response, status, { status: 'error', category, message, correlationId: 'stand-in' })

  // biome-ignore lint/suspicious/noExplicitAny: the stand-in reads HubSpot's request JSON loosely, as HubSpot would
  function route(method: string, path: string, body: any, response: ServerResponse) {
    if (method === 'GET' && path.startsWith('/crm/v3/properties/companies/groups/')) {
      const group = groups.get(path.split('/').at(-1)!)
      return group
        ? reply(response, 200, group)
        : error(response, 404, 'OBJECT_NOT_FOUND', 'group not found')
    }
    if (method === 'POST' && path === '/crm/v3/properties/companies/groups') {
      if (groups.has(body.name)) return error(response, 409, 'OBJECT_ALREADY_EXISTS', 'exists')
      const group = {
        name: body.name,
        label: body.label,
        displayOrder: body.displayOrder ?? -1,
        archived: false,
      }
      groups.set(body.name, group)
      return reply(response, 201, group)
    }
    if (method === 'POST' && path === '/crm/v3/properties/companies/batch/read') {
      const names: string[] = body.inputs.map((input: { name: string }) => input.name)
      const found = names.filter((name) => properties.has(name)).map((name) => properties.get(name))
      const missing = names.filter((name) => !properties.has(name))
      return reply(response, missing.length === 0 ? 200 : 207, {
        status: 'COMPLETE',
        results: found,
        ...(missing.length > 0 && {
          numErrors: missing.length,
          errors: missing.map((name) => ({
            status: 'error',
            category: 'OBJECT_NOT_FOUND',
            message: `${name} not found`,
            context: { name: [name] },
          })),
        }),
      })
    }
    if (method === 'POST' && path === '/crm/v3/properties/companies/batch/create') {
      for (const input of body.inputs) {
        if (!groups.has(input.groupName))
          return error(response, 400, 'VALIDATION_ERROR', 'no such group')
        if (properties.has(input.name))
          return error(response, 409, 'OBJECT_ALREADY_EXISTS', 'exists')
      }
      for (const input of body.inputs) properties.set(input.name, { ...input, archived: false })
      return reply(response, 201, { status: 'COMPLETE', results: body.inputs })
    }
    if (method === 'POST' && path === '/crm/v3/objects/companies/search') {
      const filter = body.filterGroups?.[0]?.filters?.[0]
      if (filter?.propertyName !== 'domain' || filter.operator !== 'EQ')
        return error(response, 400, 'VALIDATION_ERROR', 'the stand-in searches by domain EQ')
      const matches = [...companies.entries()].filter(
        ([, c]) => c.domain === String(filter.value).toLowerCase(),
      )
      const results = matches.slice(0, body.limit ?? 10).map(([id, c]) => ({
        id,
        properties: { domain: c.domain, hs_object_id: id },
        createdAt: '2026-01-01T00:00:00Z',
        updatedAt: '2026-01-01T00:00:00Z',
        archived: false,
      }))
      return reply(response, 200, { total: matches.length, results })
    }
    if (method === 'POST' && path === '/crm/v3/objects/companies/batch/update') {
      if (!Array.isArray(body.inputs) || body.inputs.length > 100)
        return error(response, 400, 'VALIDATION_ERROR', 'inputs: at most 100')
      for (const input of body.inputs)
        for (const name of Object.keys(input.properties))
          if (!properties.has(name) && !['name', 'domain'].includes(name))
            return error(response, 400, 'VALIDATION_ERROR', `Property "${name}" does not exist`)
      const unknown = body.inputs.filter((input: { id: string }) => !companies.has(input.id))
      const results = body.inputs
        .filter((input: { id: string }) => companies.has(input.id))
        .map((input: { id: string; properties: Record<string, string> }) => {
          const company = companies.get(input.id)!
          Object.assign(company.properties, input.properties)
          return { id: input.id, properties: company.properties, archived: false }
        })
      return reply(response, unknown.length === 0 ? 200 : 207, {
        status: 'COMPLETE',
        results,
        ...(unknown.length > 0 && {
          numErrors: 1,
          errors: [
            {
              status: 'error',
              category: 'OBJECT_NOT_FOUND',
              message: 'Could not get some COMPANY objects',
              context: { ids: unknown.map((input: { id: string }) => input.id) },
            },
          ],
        }),
      })
    }
    return error(response, 404, 'NOT_FOUND', `no route ${method} ${path}`)
  }

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      const body = text === '' ? undefined : JSON.parse(text)
      const path = request.url!.split('?')[0]!
      const method = request.method!
      requests.push({ method, path, authorization: request.headers.authorization, body })
      if (request.headers.authorization !== `Bearer ${token}`)
        return error(
          response,
          401,
          'INVALID_AUTHENTICATION',
          'Authentication credentials not found.',
        )
      const planned = failures.get(path)?.shift()
      if (planned)
        return reply(
          response,
          planned.status,
          {
            status: 'error',
            category: planned.status === 429 ? 'RATE_LIMITS' : 'INTERNAL_ERROR',
            message: 'planned',
          },
          planned.headers,
        )
      route(method, path, body, response)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    companies,
    properties,
    /** A company as HubSpot holds it; answers its id. */
    addCompany(domain: string): string {
      const id = String(nextId++)
      companies.set(id, { domain, properties: {} })
      return id
    },
    /** The next answer on `path` is this failure instead (queued: call again for more). */
    failNext(path: string, status: number, headers?: Record<string, string>) {
      failures.set(path, [...(failures.get(path) ?? []), { status, headers }])
    },
    calls: (path: string) => requests.filter((r) => r.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
