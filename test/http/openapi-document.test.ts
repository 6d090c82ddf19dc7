import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { buildTestApp } from '../helpers/app.ts'

interface Operation {
  operationId?: string
  security?: Record<string, string[]>[]
  responses: Record<string, unknown>
}
interface Document {
  info: { license?: { name: string } }
  servers?: { url: string }[]
  paths: Record<string, Record<string, Operation>>
  components: { securitySchemes: Record<string, { type: string; in?: string; name?: string }> }
}

async function documentOf(overrides = {}): Promise<Document> {
  const t = await buildTestApp(overrides)
  return (await (await t.app.request('/openapi.json')).json()) as Document
}

function operations(doc: Document) {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
  )
}

describe('the OpenAPI document (issue 18)', () => {
  it('gives every operation a unique camelCase operationId, stable across releases', async () => {
    const doc = await documentOf()
    const ids = operations(doc).map(({ path, method, operation }) => {
      expect(operation.operationId, `${method} ${path}`).toMatch(/^[a-z][a-zA-Z0-9]*$/)
      return operation.operationId!
    })
    expect(new Set(ids).size).toBe(ids.length)
    // Generated clients name their methods after these: a rename breaks them.
    expect(ids.sort()).toEqual(
      [
        'activateModel',
        'classifyTitles',
        'createSegment',
        'createSubscription',
        'deleteSegment',
        'getSegment',
        'listSegmentAccounts',
        'listSegments',
        'updateSegment',
        'deleteSubscription',
        'eraseAccount',
        'eraseContact',
        'getAccount',
        'getAccountCommittee',
        'getAccountHistory',
        'getContact',
        'getHealth',
        'getJob',
        'getMetrics',
        'getModel',
        'getReadiness',
        'getTaxonomy',
        'liftSuppression',
        'listAccountTopics',
        'listAccounts',
        'listModels',
        'listSubscriptionDeliveries',
        'listSubscriptions',
        'listTopicAccounts',
        'listTopics',
        'putAccount',
        'putContact',
        'putTaxonomy',
        'receiveCrmWebhook',
        'receiveHubSpotWebhook',
        'recordOutcomes',
        'recordSignals',
        'segmentBatch',
        'segmentGroup',
        'segmentIdentify',
        'segmentPage',
        'segmentTrack',
        'startScoreJob',
        'trainModel',
        'upsertAccounts',
        'upsertContacts',
      ].sort(),
    )
  })

  it('documents 429 (rate limit) and 503 (database busy) on every /v1 operation, as problems', async () => {
    const doc = await documentOf()
    const v1 = operations(doc).filter(({ path }) => path.startsWith('/v1/'))
    expect(v1.length).toBeGreaterThan(30)
    for (const { path, method, operation } of v1) {
      for (const status of ['429', '503']) {
        expect(operation.responses, `${method} ${path}`).toHaveProperty(status)
        expect(operation.responses[status]).toMatchObject({
          content: { 'application/problem+json': expect.anything() },
        })
      }
    }
    // /healthz answers 503 with its own body, and is not rate-limited.
    expect(Object.keys(doc.paths['/healthz']!.get!.responses).sort()).toEqual(['200', '503'])
  })

  it('declares how every operation authenticates: the webhooks by their signature, health as public', async () => {
    const doc = await documentOf()
    const schemes = doc.components.securitySchemes
    for (const { path, method, operation } of operations(doc)) {
      expect(operation.security, `${method} ${path}`).toBeDefined()
      for (const requirement of operation.security!)
        for (const name of Object.keys(requirement)) expect(schemes).toHaveProperty(name)
    }
    expect(doc.paths['/healthz']!.get!.security).toEqual([])
    expect(doc.paths['/readyz']!.get!.security).toEqual([])
    expect(doc.paths['/metrics']!.get!.security).toEqual([{ bearerAuth: [] }])
    expect(doc.paths['/v1/webhooks/crm']!.post!.security).toEqual([{ crmSignature: [] }])
    expect(doc.paths['/v1/webhooks/hubspot']!.post!.security).toEqual([{ hubspotSignature: [] }])
    expect(schemes.crmSignature).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'X-Signature',
    })
    expect(schemes.hubspotSignature).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'X-HubSpot-Signature-v3',
    })
    expect(doc.paths['/v1/batch']!.post!.security).toEqual([{ writeKey: [] }])
    expect(doc.paths['/v1/accounts']!.get!.security).toEqual([{ bearerAuth: [] }])
  })

  it("carries the package's license", async () => {
    const doc = await documentOf()
    const { license } = JSON.parse(readFileSync('package.json', 'utf8')) as { license: string }
    expect(license).toBe('MIT')
    expect(doc.info.license).toEqual({ name: license })
  })

  it('names its server: relative by default, PUBLIC_URL when configured', async () => {
    expect((await documentOf()).servers).toEqual([{ url: '/' }])
    expect((await documentOf({ PUBLIC_URL: 'https://intent.example.com/' })).servers).toEqual([
      { url: 'https://intent.example.com' },
    ])
    expect((await documentOf({ PUBLIC_URL: 'https://example.com/intent' })).servers).toEqual([
      { url: 'https://example.com/intent' },
    ])
  })
})
