import type { Ctx } from '../../domain/context.ts'
import { createRouter, type Router } from '../router.ts'
import * as eraseAccount from './accounts/erase-account.ts'
import * as getAccount from './accounts/get-account.ts'
import * as getAccountCommittee from './accounts/get-account-committee.ts'
import * as getAccountHistory from './accounts/get-account-history.ts'
import * as listAccountTopics from './accounts/list-account-topics.ts'
import * as listAccounts from './accounts/list-accounts.ts'
import * as putAccount from './accounts/put-account.ts'
import * as upsertAccounts from './accounts/upsert-accounts.ts'
import * as eraseContact from './contacts/erase-contact.ts'
import * as getContact from './contacts/get-contact.ts'
import * as putContact from './contacts/put-contact.ts'
import * as upsertContacts from './contacts/upsert-contacts.ts'
import * as getHealth from './health/get-health.ts'
import * as getMetrics from './health/get-metrics.ts'
import * as getReadiness from './health/get-readiness.ts'
import * as ping from './health/ping.ts'
import * as recordOutcomes from './ingest/record-outcomes.ts'
import * as recordSignals from './ingest/record-signals.ts'
import * as getJob from './jobs/get-job.ts'
import * as startScoreJob from './jobs/start-score-job.ts'
import * as activateModel from './models/activate-model.ts'
import * as getModel from './models/get-model.ts'
import * as listModels from './models/list-models.ts'
import * as trainModel from './models/train-model.ts'
import * as segmentBatch from './segment/segment-batch.ts'
import * as segmentMessage from './segment/segment-message.ts'
import * as createSegment from './segments/create-segment.ts'
import * as deleteSegment from './segments/delete-segment.ts'
import * as getSegment from './segments/get-segment.ts'
import * as listSegmentAccounts from './segments/list-segment-accounts.ts'
import * as listSegments from './segments/list-segments.ts'
import * as updateSegment from './segments/update-segment.ts'
import * as createSubscription from './subscriptions/create-subscription.ts'
import * as deleteSubscription from './subscriptions/delete-subscription.ts'
import * as listSubscriptionDeliveries from './subscriptions/list-subscription-deliveries.ts'
import * as listSubscriptions from './subscriptions/list-subscriptions.ts'
import * as liftSuppression from './suppressions/lift-suppression.ts'
import * as getTaxonomy from './taxonomy/get-taxonomy.ts'
import * as putTaxonomy from './taxonomy/put-taxonomy.ts'
import * as classifyTitles from './titles/classify-titles.ts'
import * as listTopicAccounts from './topics/list-topic-accounts.ts'
import * as listTopics from './topics/list-topics.ts'
import * as receiveCrmWebhook from './webhooks/receive-crm-webhook.ts'
import * as receiveHubSpotWebhook from './webhooks/receive-hubspot-webhook.ts'

interface Operation {
  register(app: Router, ctx: Ctx): void
}

/**
 * Every operation of the API, one file each, in the order they are matched and documented:
 * a new one is added here, where its place in the OpenAPI document is decided.
 */
const OPERATIONS: readonly Operation[] = [
  getHealth,
  getReadiness,
  getMetrics,
  ping,
  upsertAccounts,
  putAccount,
  getAccount,
  getAccountCommittee,
  getAccountHistory,
  listAccounts,
  eraseAccount,
  listAccountTopics,
  createSegment,
  listSegments,
  getSegment,
  updateSegment,
  deleteSegment,
  listSegmentAccounts,
  upsertContacts,
  putContact,
  getContact,
  eraseContact,
  recordSignals,
  recordOutcomes,
  listTopics,
  listTopicAccounts,
  listModels,
  getModel,
  trainModel,
  activateModel,
  classifyTitles,
  startScoreJob,
  getJob,
  segmentBatch,
  segmentMessage,
  receiveCrmWebhook,
  receiveHubSpotWebhook,
  createSubscription,
  listSubscriptions,
  deleteSubscription,
  listSubscriptionDeliveries,
  liftSuppression,
  getTaxonomy,
  putTaxonomy,
]

/** The API's router: /healthz, /ping and every /v1 operation. */
export function apiRoutes(ctx: Ctx): Router {
  const app = createRouter()
  for (const operation of OPERATIONS) operation.register(app, ctx)
  return app
}
