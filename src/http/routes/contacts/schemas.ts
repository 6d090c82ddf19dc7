import { z } from 'zod'
import { emailField, emailKeyField } from '../../../ingest/fields.ts'

/** A write names a person by an e-mail address, normalized. */
export const EmailParam = z.object({
  email: emailField.meta({ param: { name: 'email', in: 'path' }, example: 'anna.nowak@acme.pl' }),
})
/** Reads and erasure find a person by the key they were stored under, look-alike or not. */
export const KeyParam = z.object({
  email: emailKeyField.meta({
    param: { name: 'email', in: 'path' },
    example: 'anna.nowak@acme.pl',
  }),
})
