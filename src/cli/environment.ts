import { CONFIG_KEYS, type Config, loadConfig } from '../config.ts'

/**
 * One line for each variable of the configuration schema. Typed by the schema's keys, so a
 * variable added there does not compile until it is described here; README's Configuration
 * table has the long form.
 */
const DESCRIPTIONS: Record<keyof Config, string> = {
  PORT: 'port to listen on (0 picks a free one)',
  HOST: 'interface to listen on (0.0.0.0 for every interface)',
  DB_PATH: 'the SQLite database file, its folder created if missing; --db overrides it',
  DATABASE_URL:
    'postgres://… or postgresql://…: PostgreSQL instead of SQLite, shared by replicas (docs/scale-out.md)',
  ADMIN_API_KEY: 'an admin key from the environment (24+ characters); when set, none is generated',
  LOG_LEVEL: 'fatal, error, warn, info, debug, trace or silent',
  SCORING_CONFIG: 'a JSON file overriding scoring settings (docs/scoring.md)',
  WEBHOOK_SECRET: "secret of the generic CRM webhook's X-Signature; unset, that route is off",
  HUBSPOT_CLIENT_SECRET:
    'HubSpot app client secret (X-HubSpot-Signature-v3); unset, that route is off',
  HUBSPOT_ACCESS_TOKEN:
    "a HubSpot private app's token: score changes update the companies' intent_* properties",
  HUBSPOT_API_BASE: 'where the HubSpot API is (tests, proxies); https, or http to loopback only',
  PUBLIC_URL: 'the public base URL CRMs call (HubSpot signs the full URI); unset, as received',
  SESSION_SECRET:
    "signs the sales pages' session cookies (32+ characters); unset, one kept beside the database; required with DATABASE_URL",
  ERASURE_SECRET:
    'keys the hashes of erased addresses and domains; unset, one kept beside the database; required with DATABASE_URL',
  ERASURE_SECRET_FILE:
    'a file holding the erasure secret as kept beside a SQLite database (64 hex digits); for replicas of a copied database',
  MODELS_DIR:
    'where trained models are also written as versioned JSON; default models/ beside DB_PATH',
  TRUST_PROXY: 'which proxies may name the client in X-Forwarded-For; unset, none',
  RATE_LIMIT_PER_MINUTE: 'requests a minute per API key; 0 turns the limit off',
  OUTBOUND_ALLOW_HOSTS:
    'internal hosts score notifications may reach (names, IPs, CIDR ranges); unset, none',
  MAX_BODY_BYTES: 'largest request body under /v1, in bytes',
  HEALTH_MIN_FREE_MB: "/healthz is degraded below this free space on the database's volume; 0 off",
  HEALTH_MAX_LAG_MS: '/healthz is degraded when the event loop ran this late (ms); 0 off',
}

/** Defaults that follow another variable: the description says how, not today's value. */
const DERIVED_DEFAULTS: ReadonlySet<keyof Config> = new Set(['MODELS_DIR'])

/** The environment section of `intent --help`, from the schema's keys and defaults. */
export function environmentHelp(): string {
  const defaults = loadConfig({}) as Record<string, unknown>
  const width = Math.max(...CONFIG_KEYS.map((key) => key.length))
  const lines = CONFIG_KEYS.map((key) => {
    const value = DERIVED_DEFAULTS.has(key) ? undefined : defaults[key]
    const fallback =
      typeof value === 'string' || typeof value === 'number' ? `; default ${value}` : ''
    return `  ${key.padEnd(width)}  ${DESCRIPTIONS[key]}${fallback}`
  })
  return `\nEnvironment (read once at start-up; details in README, Configuration):\n${lines.join('\n')}`
}
